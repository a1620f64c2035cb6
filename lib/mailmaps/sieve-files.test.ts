import { describe, expect, it } from 'vitest';
import type { MailSnapshot } from '../mail/snapshot';
import { renderAutoreplyScript, SieveRenderError } from './sieve';
import { autoreplyFileName, renderAutoreplyScripts } from './sieve-files';

const HASH = '{SHA512-CRYPT}$6$salt$hash';
const AWAY = { subject: 'Away', text: 'Back soon.', days: 7 };

// Two customers with a `joe` each; ta's joe has a login and an autoreply, tb's joe an autoreply only.
const HOST: MailSnapshot = {
  version: 2,
  host: { name: 'mail.example.test', flavor: 'postfix' },
  domains: ['one.example', 'two.example'],
  domainOwners: { 'one.example': 'ta', 'two.example': 'tb' },
  accounts: [
    { name: 'joe', owner: 'ta', passwordHash: HASH, quotaMb: 100, login: 'joe@one.example', autoreply: AWAY },
    { name: 'ann', owner: 'ta', passwordHash: HASH, quotaMb: 100 },
    { name: 'joe', owner: 'tb', passwordHash: HASH, quotaMb: 100, autoreply: { ...AWAY, endsOn: '2026-08-01' } },
  ],
  aliases: [],
  virtmaps: [
    { domain: 'one.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } },
    { domain: 'one.example', localPart: 'sales', target: { kind: 'local', name: 'joe' } },
    { domain: 'one.example', localPart: '', target: { kind: 'local', name: 'ann' } },
    { domain: 'two.example', localPart: 'j.doe', target: { kind: 'local', name: 'joe' } },
  ],
};

describe('renderAutoreplyScripts', () => {
  it('writes one script per account with an autoreply, named for its name on the host', () => {
    const files = renderAutoreplyScripts(HOST);
    expect(Object.keys(files).sort()).toEqual(['ta-joe.sieve', 'tb-joe.sieve']);
    expect(files['ta-joe.sieve']).toBe(
      renderAutoreplyScript(AWAY, { from: 'joe@one.example', addresses: ['joe@one.example', 'sales@one.example'] }),
    );
    // no login: Pigeonhole's own From; the catch-all's account is not named, the other customer's joe is not joe
    expect(files['tb-joe.sieve']).toBe(renderAutoreplyScript({ ...AWAY, endsOn: '2026-08-01' }, { addresses: ['j.doe@two.example'] }));
  });

  it('names files the publisher accepts up to the longest name on the host', () => {
    expect(autoreplyFileName(`${'t'.repeat(40)}-${'j'.repeat(36)}`)).toHaveLength(83);
  });

  it('refuses an autoreply that breaks its rules', () => {
    const bad: MailSnapshot = { ...HOST, accounts: [{ ...HOST.accounts[0]!, autoreply: { ...AWAY, text: 'a\rb' } }] };
    expect(() => renderAutoreplyScripts(bad)).toThrow(SieveRenderError);
  });

  it('gives nothing for a host without autoreplies', () => {
    expect(renderAutoreplyScripts({ ...HOST, accounts: HOST.accounts.map(({ autoreply: _, ...a }) => a) })).toEqual({});
  });
});
