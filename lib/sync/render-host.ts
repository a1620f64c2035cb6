import type { MailSnapshot } from '../mail/snapshot';
import { renderDovecotPasswd, type DovecotPasswdOptions } from '../mailmaps/dovecot';
import { renderPostfix } from '../mailmaps/postfix';
import { renderSendmail } from '../mailmaps/sendmail';
import { renderAutoreplyScripts } from '../mailmaps/sieve-files';

// Which files a host of each flavour gets, by name. The MTA's own files come from its renderer; the
// accounts' Dovecot passwd-file and their autoreply scripts (`<host name>.sieve`) come with either flavour.

export type RenderTarget = 'sendmail' | 'postfix' | 'dovecot';

/**
 * The files of one target. `shards` (lib/mail/map-shards.ts) splits the MTA's per-domain maps; 1, the
 * default, is the plain layout.
 */
export function renderFiles(
  target: RenderTarget,
  snapshot: MailSnapshot,
  dovecot: DovecotPasswdOptions,
  shards = 1,
): Record<string, string> {
  const files = render(target, snapshot, dovecot, shards);
  // The test suites (MAILPANEL_VERIFY_SNAPSHOT_CACHE=1) check every render that followed a patch
  // (lib/mailmaps/render-reuse.ts) against a whole render of a copy that shares nothing with it.
  if (process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE === '1') {
    const whole = render(target, structuredClone(snapshot), dovecot, shards);
    const differ = [...new Set([...Object.keys(files), ...Object.keys(whole)])].filter((name) => files[name] !== whole[name]);
    if (differ.length > 0) throw new Error(`the render of a patched snapshot differs from a whole render in ${differ.join(', ')}`);
  }
  return files;
}

function render(target: RenderTarget, snapshot: MailSnapshot, dovecot: DovecotPasswdOptions, shards: number): Record<string, string> {
  switch (target) {
    case 'sendmail':
      return { ...renderSendmail(snapshot, { shards }) };
    case 'postfix':
      return { ...renderPostfix(snapshot, { shards }) };
    case 'dovecot':
      // The renderer decides each account's lines (host name, logins) and which refuse logins (disabled).
      // The scripts are files of the same revision, so an autoreply changes exactly when the accounts do.
      return { 'dovecot-passwd': renderDovecotPasswd(snapshot, dovecot), ...renderAutoreplyScripts(snapshot) };
  }
}
