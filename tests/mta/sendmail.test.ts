// Differential tests against real sendmail 8.17 (Debian's sendmail-bin + sendmail-cf; install with
// `bash tests/mta/install-sendmail.sh`). The panel's files (lib/mailmaps/sendmail.ts) and .mc
// (lib/mailmaps/sendmail-mc.ts) run in a private instance (tests/mta/sendmail-lab.ts); for each address,
// what sendmail answers at RCPT and with -bv must equal what DOMAIN.md states (its table of cases,
// tests/support/domain-cases.ts, which the resolver's unit test reads too) and what the resolver
// (lib/mail/resolve.ts) says (those cases and 200 random snapshots).
// Nothing here is skipped: without sendmail every test fails, naming the install script.
// Hosts with owners (snapshot version 2): tests/mta/sendmail-tenancy.test.ts.
import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAIN_CASES } from '../support/domain-cases';
import { probeAddresses } from '../support/probe-addresses';
import { traceAddress } from '@/lib/mail/resolve';
import { buildSnapshot } from '@/lib/mail/snapshot-builder';
import { outcomeSignature } from '@/lib/mail/trace-summary';
import { renderSendmail } from '@/lib/mailmaps/sendmail';
import { DEFAULT_MAILBOX, renderSendmailMc } from '@/lib/mailmaps/sendmail-mc';
import { parseAliases, parseVirtusertable } from '@/lib/mailmaps/sendmail-parse';
import { randomSnapshot } from '../support/random-snapshot';
import { askSendmail, comparable, type SendmailAnswer } from './sendmail-answer';
import { requireSendmail, SendmailLab } from './sendmail-lab';
import { hostileSnapshot } from './sendmail-hostile';

const RANDOM_SNAPSHOTS = 200;
const HOSTILE_SNAPSHOTS = 60;

let lab: SendmailLab | undefined;

beforeAll(async () => {
  requireSendmail();
  lab = await SendmailLab.start();
}, 60_000);

afterAll(async () => {
  await lab?.close();
});

function theLab(): SendmailLab {
  if (!lab) throw new Error('the sendmail lab did not start (see the first failure)');
  return lab;
}

it('sendmail is installed (else run `bash tests/mta/install-sendmail.sh` as root)', () => {
  expect(() => requireSendmail()).not.toThrow();
});

/**
 * sendmail's answer in the table's words (outcomeSignature of the same outcome). An alias loop is compared
 * without its address: sendmail's -bv says only "aliasing/forwarding loop broken".
 */
const tableWords = (signature: string) => signature.replace(/bounce aliasLoop \S*/g, 'bounce aliasLoop');
const signatureOf = (answer: SendmailAnswer) => tableWords(outcomeSignature({ ...answer, flavor: 'sendmail', steps: [], differences: [] }));

/** The lab's own host name (sendmail-lab.ts): a case about "the host's own name" is asked with it. */
const LAB_HOST = 'mail.mailpanel.test';

// The one table of DOMAIN.md cases (tests/support/domain-cases.ts; lib/mail/resolve.test.ts checks the resolver
// against it): real sendmail must give each case's outcome, and agree with the resolver in every detail
// the table's short form leaves out (reply texts, the case of a relayed local part).
describe('DOMAIN.md precedence on real sendmail and in the resolver', () => {
  const replayed = DOMAIN_CASES.filter((c) => !c.tracerOnly);
  it.each(replayed.map((c) => [`row ${c.row}: ${c.address}`, c] as const))('%s', async (_, c) => {
    const built = buildSnapshot(c.spec);
    const snapshot = { ...built, host: { ...built.host, name: LAB_HOST } };
    const address = c.address.replaceAll(built.host.name, LAB_HOST);
    await theLab().publish(renderSendmail(snapshot));
    const [answer] = await askSendmail(theLab(), [address]);
    if (!answer) throw new Error(`no answer for ${address}`);
    const where = `sendmail on ${address} (-bv: ${JSON.stringify(answer.verify)})`;
    expect.soft(signatureOf(answer), where).toBe(tableWords(c.sendmail));
    expect.soft(comparable(answer), where).toEqual(comparable(traceAddress(snapshot, address, 'sendmail')));
  });

  it('leaves out only the cases the tracer answers without sendmail, each saying why', () => {
    expect(DOMAIN_CASES.filter((c) => c.tracerOnly).map((c) => c.row)).toEqual(['not an address', '"!" paths are not traced']);
  });
});

describe('the .mc', () => {
  // The lab runs the isolated variant; a mail host runs the plain one (or includes renderSendmailM4 in
  // its own .mc). Both mailbox deliveries must build with m4 and route an account to the mailpanel mailer.
  it.each([
    ['a mail host with LMTP', DEFAULT_MAILBOX],
    ['a mail host with dovecot-lda', { kind: 'lda', path: '/usr/lib/dovecot/dovecot-lda', user: 'vmail', group: 'vmail' } as const],
  ])('for %s builds and routes accounts to Dovecot', async (_, mailbox) => {
    const l = theLab();
    const [row1] = DOMAIN_CASES; // sales@example.com reaches the account jane through the alias sales
    if (!row1) throw new Error('no cases');
    await l.publish(buildSnapshot(row1.spec));
    const mc = renderSendmailMc({ mapDir: l.mapDir, mailbox });
    await writeFile(`${l.dir}/host.mc`, mc);
    const { stdout: cf } = await l.inside(['m4', `${l.dir}/host.mc`]);
    await writeFile(`${l.dir}/host.cf`, cf);
    // This machine has no DNS: take host names from files (the lab's service switch), as a mail host
    // with working DNS would resolve them; otherwise every address stays queued for a DNS retry.
    const switchFile = `-OServiceSwitchFile=${l.dir}/service.switch`;
    const { stdout } = await l.inside(['/usr/sbin/sendmail', '-C', `${l.dir}/host.cf`, switchFile, '-bv', '--', 'sales@example.com']);
    // (A plain Debian .mc may also warn that /var/lib/sendmail/host_status is missing on this machine.)
    expect(stdout.split('\n'), stdout).toContain('jane... deliverable: mailer mailpanel, user jane');
  });
});

describe('the files the tools build hold exactly what the parser reads', () => {
  // Hostile values (every character the map tools treat specially) in every field: the renderer either
  // refuses the snapshot or writes files that makemap and newaliases store exactly as parsed back.
  it(`for ${HOSTILE_SNAPSHOTS} hostile snapshots`, async () => {
    let rendered = 0;
    for (let seed = 1; seed <= HOSTILE_SNAPSHOTS; seed += 1) {
      const snapshot = hostileSnapshot(seed);
      let files;
      try {
        files = renderSendmail(snapshot);
      } catch (error) {
        expect((error as Error).name, String(error)).toBe('SendmailRenderError');
        continue;
      }
      rendered += 1;
      await theLab().publish(files);
      const dir = theLab().mapDir;
      const virtusertable = (await theLab().inside(['makemap', '-u', 'hash', `${dir}/virtusertable`])).stdout;
      expect(parseVirtusertable(virtusertable), `seed ${seed}`).toEqual(parseVirtusertable(files.virtusertable));
      const aliases = (await theLab().inside(['praliases', '-C', theLab().cf])).stdout.replace(/^@:@\n/m, '');
      expect(parseAliases(aliases), `seed ${seed}`).toEqual(parseAliases(files.aliases));
      const accounts = (await theLab().inside(['makemap', '-u', 'hash', `${dir}/accounts`])).stdout;
      expect(accounts.split('\n').filter(Boolean).sort(), `seed ${seed}`).toEqual(
        files.accounts
          .split('\n')
          .filter((l) => l && !l.startsWith('#'))
          .sort(),
      );
    }
    expect(rendered, 'some hostile snapshots should survive rendering').toBeGreaterThan(HOSTILE_SNAPSHOTS / 4);
  }, 120_000);
});

describe(`the resolver agrees with real sendmail on every probe address of ${RANDOM_SNAPSHOTS} random snapshots`, () => {
  const seeds = Array.from({ length: RANDOM_SNAPSHOTS }, (_, i) => i + 1);
  it.each(seeds)('seed %i', async (seed) => {
    const snapshot = randomSnapshot(seed, 'sendmail');
    await theLab().publish(snapshot);
    const addresses = probeAddresses(snapshot);
    const answers = await askSendmail(theLab(), addresses);
    const mismatches = answers.flatMap((answer) => {
      const sendmail = comparable(answer);
      const resolver = comparable(traceAddress(snapshot, answer.address, 'sendmail'));
      return JSON.stringify(sendmail) === JSON.stringify(resolver)
        ? []
        : [{ address: answer.address, sendmail, resolver, verify: answer.verify }];
    });
    expect(mismatches, `seed ${seed}: ${JSON.stringify(snapshot)}`).toEqual([]);
  });
});
