// The injection property, end to end: what a user types goes through the panel's validation (the same
// rules the forms, actions and snapshot files use) and then through every renderer. For 10,000 hostile
// inputs, each value is either refused with a message, or rendered into files that parse back as exactly
// the snapshot — so nothing typed can add a line, a key, a second target, a comment or a program target
// to a sendmail, Postfix or Dovecot file.
import { describe, expect, it } from 'vitest';
import { splicedHostile as hostile } from '../../tests/support/hostile-strings';
import { seededRandom } from '../../tests/support/random-snapshot';
import type { Checked } from '../mail/checked';
import { normalizeDomainName } from '../mail/domain-name';
import { normalizeAccountName, normalizeAliasName, normalizeVirtmapLocalPart } from '../mail/names';
import type { MailSnapshot, SnapshotVirtmap } from '../mail/snapshot';
import { checkVirtmapTarget, parseAliasTargets, parseVirtmapTarget } from '../mail/targets';
import { parseDovecotPasswd, renderDovecotPasswd } from './dovecot';
import { renderPostfix } from './postfix';
import { parsePostfix, postfixRoutingView } from './postfix-parse';
import { renderSendmail } from './sendmail';
import { parseSendmail, sendmailView } from './sendmail-parse';

const CASES = 10_000;
// Shaped like the hashes the panel stores; the renderers check a hash's form, and hashing 10,000 times
// here would only measure argon2.
const HASH = '{ARGON2ID}$argon2id$v=19$m=12288,t=3,p=1$c2FsdHNhbHRzYWx0$0N7ZxH1Sb1bJgq7Ia3gL6Kq1l4Q2oU3yBz8lK2m5f9A';
/** Counts outcomes; a refusal must say why. */
function judged<T>(result: Checked<T>, tally: { accepted: number; refused: number }): T | null {
  if (result.ok) {
    tally.accepted++;
    return result.value;
  }
  tally.refused++;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) expect(p.trim().length).toBeGreaterThan(5);
  return null;
}

describe('hostile input through validation and rendering', () => {
  it(`refuses with a message, or renders a round-trip, for ${CASES.toLocaleString('en')} inputs`, () => {
    const next = seededRandom(20261122);
    const tally = { accepted: 0, refused: 0 };
    let rendered = 0;
    for (let i = 0; i < CASES; i++) {
      const domain = judged(normalizeDomainName(hostile(next)), tally);
      const account = judged(normalizeAccountName(hostile(next)), tally);
      const alias = judged(normalizeAliasName(hostile(next)), tally);
      const targets = judged(parseAliasTargets(`${hostile(next)}\n${hostile(next)}`), tally);
      const local = judged(normalizeVirtmapLocalPart(hostile(next)), tally);
      const deliver = judged(parseVirtmapTarget(hostile(next)), tally);
      const reject = judged(checkVirtmapTarget({ kind: 'reject', code: 'unknown', text: hostile(next) }), tally);
      if (!domain) continue;
      const virtmaps: SnapshotVirtmap[] = [];
      if (local !== null && deliver) virtmaps.push({ domain, localPart: local, target: deliver });
      if (reject && local !== 'bounce') virtmaps.push({ domain, localPart: 'bounce', target: reject });
      const snapshot: MailSnapshot = {
        version: 1,
        host: { name: 'mx', flavor: 'sendmail' },
        domains: [domain],
        accounts: account ? [{ name: account, passwordHash: HASH, quotaMb: 10 }] : [],
        aliases: alias && targets ? [{ name: alias, targets }] : [],
        virtmaps,
      };
      expect(parseSendmail(renderSendmail(snapshot))).toEqual(sendmailView(snapshot));
      expect(parsePostfix(renderPostfix(snapshot))).toEqual(postfixRoutingView(snapshot));
      const passwd = parseDovecotPasswd(renderDovecotPasswd(snapshot, { uid: 5000, gid: 5000, homeBase: '/var/mail/vhosts' }));
      expect(passwd.map((e) => [e.name, e.passwordHash])).toEqual(snapshot.accounts.map((a) => [a.name, a.passwordHash]));
      rendered++;
    }
    // Both branches are exercised in earnest, not just one.
    expect(tally.refused).toBeGreaterThan(10_000);
    expect(tally.accepted).toBeGreaterThan(10_000);
    expect(rendered).toBeGreaterThan(1_000);
  });
});
