import { hash as digest } from 'node:crypto';

// What the run history keeps of a published file's text. Everything, except the password hashes of the
// Dovecot passwd-file: the history is for reading diffs, and a hash is a secret (offline guessing). Each
// hash is replaced by a short fingerprint of it, so a changed password still shows as a changed line.

const PASSWD_FILES = new Set(['dovecot-passwd']);

export function storedText(name: string, content: string): string {
  if (!PASSWD_FILES.has(name)) return content;
  return content
    .split('\n')
    .map((line) => {
      if (line === '' || line.startsWith('#')) return line;
      const [user, hash, ...rest] = line.split(':');
      if (hash === undefined || hash === '') return line;
      const scheme = /^\{[A-Z0-9-]+\}/.exec(hash)?.[0] ?? '';
      const print = digest('sha256', hash, 'hex').slice(0, 12);
      return [user, `${scheme}(hash ${print})`, ...rest].join(':');
    })
    .join('\n');
}
