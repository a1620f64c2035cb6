// What the post office promises (issue 10, points 1-5), checked on a real host of either flavour
// (postoffice-postfix.test.ts, postoffice-sendmail.test.ts): changes made through the data layer,
// published by the sync job's publishHost(), then mail sent by SMTP and read over POP3 on loopback, the
// forwarded copies caught by an SMTP sink (tests/mta/smtp-sink.ts), and the usage the data layer reads
// compared with what `doveadm quota get` itself prints. The cases run in order, one host for all.
import { expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { createAccount } from '../../lib/data/accounts';
import { changeMailboxPassword, clearForward, setForward } from '../../lib/data/postoffice';
import { readMailboxUsage } from '../../lib/data/mailbox-usage';
import { readHostSnapshot } from '../../lib/data/snapshots';
import { db } from '../../lib/db/client';
import { hostName } from '../../lib/mail/tenancy';
import { AccountInput } from '../../lib/validation/accounts';
import { ForwardForm, PasswordChangeForm } from '../../lib/validation/postoffice';
import type { DoveadmResult } from '../mta/dovecot-instance';
import type { startSmtpSink } from '../mta/smtp-sink';
import { waitFor } from '../support/wait-for';
import { PASSWORDS, popLogin, popSubjects, popSubjectsWhen, type DeliverWorld } from './deliver-world';

const CONFIRMED = { confirm: () => true };
/** An address on no domain of the host: mail to it leaves through the smart host (relayhost), i.e. the sink. */
export const AWAY = 'joe.away@elsewhere.example';
const NEW_PASSWORD = 'a new mailbox pass 33';

export interface PostofficeHost {
  world: DeliverWorld;
  pop3Port: number;
  sink: Awaited<ReturnType<typeof startSmtpSink>>;
  /** One message by SMTP on loopback, accepted (250 to RCPT and to the end of DATA). */
  send(to: string, subject: string): Promise<void>;
  publish(): Promise<number>;
  /** `doveadm -c <the private Dovecot's conf> ARGS`. */
  doveadm(...args: string[]): Promise<DoveadmResult>;
  /** The MTA's and Dovecot's last log lines: why mail did not arrive. */
  log(): string;
}

async function joe(world: DeliverWorld) {
  const account = await db().account.findFirstOrThrow({ where: { customerId: world.customerId, name: 'joe' }, select: { id: true } });
  const login = (await readHostSnapshot(world.host.id)).accounts.find((a) => a.name === 'joe' && a.owner === world.tag)?.login;
  if (!login) throw new Error('joe has no login address');
  return { id: account.id, login, onHost: hostName(world.tag, 'joe') };
}

/** joe's own session at /postoffice. */
async function joeActor(world: DeliverWorld, accountId: string): Promise<Actor> {
  const { resellerId } = await db().customer.findUniqueOrThrow({ where: { id: world.customerId }, select: { resellerId: true } });
  return { kind: 'mailbox', label: 'joe', accountId, customerId: world.customerId, resellerId };
}

/** STORAGE used and limit (KiB) and MESSAGE count, as doveadm's own table prints them, read with plain regexps. */
function doveadmSays(stdout: string): { usedKb: number; limitKb: number | null; messages: number } {
  const storage = /^User quota\s+STORAGE\s+(\d+)\s+(\d+|-)\s/m.exec(stdout);
  const messages = /^User quota\s+MESSAGE\s+(\d+)\s/m.exec(stdout);
  if (!storage?.[1] || !storage[2] || !messages?.[1]) throw new Error(`doveadm printed no quota:\n${stdout}`);
  return { usedKb: Number(storage[1]), limitKb: storage[2] === '-' ? null : Number(storage[2]), messages: Number(messages[1]) };
}

export function postofficeCases(host: () => PostofficeHost): void {
  it('a forward that keeps a copy, set by the owner at /postoffice (alias joe: \\joe, an outside address), delivers to both', async () => {
    const { world, pop3Port, sink, send, publish, log } = host();
    const me = await joe(world);
    const before = await popSubjects(pop3Port, me.login, PASSWORDS.joe);
    const seen = sink.messages.length;
    await setForward(await joeActor(world, me.id), me.id, ForwardForm.parse({ addresses: AWAY, keepCopy: 'on' }), CONFIRMED);
    await publish();
    await send(`joe@${world.domain.name}`, 'forwarded with a copy');
    const out = (await sink.waitFor(seen + 1, 15_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${log()}`)))).slice(seen);
    expect(out.map((m) => m.to)).toEqual([[AWAY]]);
    expect(out[0]?.data).toMatch(/^Subject: forwarded with a copy\r$/m);
    expect(await popSubjectsWhen(pop3Port, me.login, PASSWORDS.joe, before.length + 1), log()).toEqual(
      [...before, 'forwarded with a copy'].sort(),
    );
  });

  it('a forward without a copy (the outside address alone) keeps nothing', async () => {
    const { world, pop3Port, sink, send, publish, log } = host();
    const me = await joe(world);
    const before = await popSubjects(pop3Port, me.login, PASSWORDS.joe);
    const seen = sink.messages.length;
    await setForward(await joeActor(world, me.id), me.id, ForwardForm.parse({ addresses: AWAY }), CONFIRMED);
    await publish();
    await send(`joe@${world.domain.name}`, 'forwarded only');
    const out = (await sink.waitFor(seen + 1, 15_000).catch((e: Error) => Promise.reject(new Error(`${e.message}\n${log()}`)))).slice(seen);
    expect(out.map((m) => [m.to, /^Subject: (.*)\r$/m.exec(m.data)?.[1]])).toEqual([[[AWAY], 'forwarded only']]);
    // The copy, had there been one, is written in the same delivery that forwarded: give it a moment.
    await new Promise((r) => setTimeout(r, 500));
    expect(await popSubjects(pop3Port, me.login, PASSWORDS.joe)).toEqual(before);
  });

  it("reads the usage Dovecot reports (doveadm quota get) for the panel and for the mailbox's owner", async () => {
    const { world, pop3Port, send, publish, doveadm, log } = host();
    const me = await joe(world);
    await clearForward(world.customer, me.id, CONFIRMED);
    await publish();
    const before = await popSubjects(pop3Port, me.login, PASSWORDS.joe);
    await send(`joe@${world.domain.name}`, 'counted');
    const after = await popSubjectsWhen(pop3Port, me.login, PASSWORDS.joe, before.length + 1);
    expect(after, log()).toHaveLength(before.length + 1);

    const times: number[] = [];
    let usage = await readMailboxUsage(world.customer, me.id);
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      usage = await readMailboxUsage(world.customer, me.id);
      times.push(Math.round(performance.now() - t));
    }
    const printed = await doveadm('quota', 'get', '-u', me.onHost);
    expect(printed.code, printed.stderr).toBe(0);
    const want = doveadmSays(printed.stdout);
    expect(usage).toMatchObject({ ok: true, ...want });
    expect(want).toMatchObject({ limitKb: 50 * 1024, messages: after.length });
    expect(want.usedKb).toBeGreaterThan(0);
    expect(await readMailboxUsage(await joeActor(world, me.id), me.id)).toMatchObject({ ok: true, ...want });
    console.log(`readMailboxUsage through the local transport: ${times.join(', ')} ms`);

    // An account saved but not yet published: Dovecot does not know the name (doveadm exits 67).
    const input = AccountInput.parse({ mailHostId: world.host.id, name: 'newbie', password: 'a fresh password 44', quotaMb: 5 });
    const newbie = await createAccount(world.customer, input, CONFIRMED);
    expect(await readMailboxUsage(world.customer, newbie.id)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The mailbox is not on the mail host yet; its usage shows once it is published\. .*exist/),
    });
  });

  // Last: a refused login makes Dovecot slow down the next logins from the same address.
  it('a new password changed by the owner at /postoffice logs in over POP3 once published, and the old one is refused', async () => {
    const { world, pop3Port, publish, doveadm } = host();
    const me = await joe(world);
    expect(await popLogin(pop3Port, me.login, PASSWORDS.joe)).toMatch(/^\+OK/);
    const change = PasswordChangeForm.parse({ oldPassword: PASSWORDS.joe, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
    await changeMailboxPassword(await joeActor(world, me.id), me.id, change);
    await publish();
    // Dovecot looks at the passwd-file's mtime at most once a second (docs/dovecot.md): ask its passdb
    // until it takes the new password, each try from an address of its own (a refused try slows down
    // the next logins from the same address), then log in over POP3 from 127.0.0.1.
    const t = performance.now();
    let attempt = 10;
    await waitFor(
      'Dovecot to take the new password',
      async () => (await doveadm('auth', 'test', '-x', `rip=127.0.0.${attempt++}`, me.login, NEW_PASSWORD)).code === 0,
      5_000,
    );
    console.log(`the new password was live in Dovecot ${Math.round(performance.now() - t)} ms after the publish (${attempt - 10} tries)`);
    expect(await popLogin(pop3Port, me.login, NEW_PASSWORD)).toMatch(/^\+OK/);
    expect(await popLogin(pop3Port, me.login, PASSWORDS.joe)).toMatch(/^-ERR/);
  });
}
