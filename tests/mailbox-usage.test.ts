// Who may read a mailbox's usage, and what a host that cannot answer gives (lib/data/mailbox-usage.ts).
// The reading itself, against a real Dovecot, is in tests/sync/postoffice-{postfix,sendmail}.test.ts; here
// the hosts are ones without Dovecot: a local host whose doveadm is missing, an SSH host nobody listens on.
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { generateSshIdentity } from '../lib/crypto/ssh-identity';
import { createAccount } from '../lib/data/accounts';
import { NotFoundError } from '../lib/data/errors';
import { db } from '../lib/db/client';
import { createMailHost } from '../lib/data/mail-hosts';
import { readMailboxUsage } from '../lib/data/mailbox-usage';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeReseller, makeStaff, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
process.env.AUTH_SECRET ??= 'mailbox-usage-tests-secret'; // the SSH host's generated key is sealed with it

const CONFIRMED = { confirm: () => true };
const MISSING_DOVEADM = { commands: { quotaGet: { argv: ['/nonexistent/doveadm', 'quota', 'get', '-u', '{user}'] } } };

/** A port on loopback that nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

async function world() {
  const admin = await makeStaff('ADMIN');
  const local = await createMailHost(admin, {
    name: unique('mx'),
    flavor: 'POSTFIX',
    transport: 'LOCAL',
    mapDir: '/srv/maps',
    sshPort: 22,
    settings: MISSING_DOVEADM,
  });
  const unreachable = await createMailHost(admin, {
    name: unique('mx'),
    flavor: 'SENDMAIL',
    transport: 'SSH',
    mapDir: '/srv/maps',
    sshHost: '127.0.0.1',
    sshPort: await closedPort(),
    sshUser: 'mailpanel',
    sshHostKey: generateSshIdentity('test').publicKey,
  });
  const reseller = await makeReseller(admin, [local.id, unreachable.id]);
  const customer = await makeCustomer(reseller.actor);
  const other = await makeCustomer((await makeReseller(admin, [local.id])).actor);
  const account = async (who: Actor, mailHostId: string, name: string) =>
    (await createAccount(who, AccountInput.parse({ mailHostId, name, password: 'a long password 1', quotaMb: 10 }), CONFIRMED)).id;
  const joe = await account(customer.actor, local.id, 'joe');
  const mary = await account(customer.actor, local.id, 'mary');
  const far = await account(customer.actor, unreachable.id, 'far');
  const stranger = await account(other.actor, local.id, 'joe');
  const mailbox = (accountId: string, customerId = customer.id): Actor => ({
    kind: 'mailbox',
    label: 'joe',
    accountId,
    customerId,
    resellerId: reseller.id,
  });
  return { admin, reseller: reseller.actor, customer: customer.actor, other: other.actor, joe, mary, far, stranger, mailbox };
}

describe('readMailboxUsage', () => {
  it('answers a mailbox user for its own account only', async () => {
    const w = await world();
    expect(await readMailboxUsage(w.mailbox(w.joe), w.joe)).toMatchObject({ ok: false });
    await expect(readMailboxUsage(w.mailbox(w.joe), w.mary)).rejects.toThrow(NotFoundError);
    await expect(readMailboxUsage(w.mailbox(w.joe), w.stranger)).rejects.toThrow(NotFoundError);
    // A session naming an account of another customer than its own finds nothing.
    const { customerId: otherCustomer } = await db().account.findUniqueOrThrow({ where: { id: w.stranger }, select: { customerId: true } });
    await expect(readMailboxUsage(w.mailbox(w.joe, otherCustomer), w.joe)).rejects.toThrow(NotFoundError);
  });

  it('answers the panel within its scope', async () => {
    const w = await world();
    for (const actor of [w.admin, w.reseller, w.customer]) expect(await readMailboxUsage(actor, w.joe)).toMatchObject({ ok: false });
    await expect(readMailboxUsage(w.other, w.joe)).rejects.toThrow(NotFoundError);
    await expect(readMailboxUsage(w.customer, w.stranger)).rejects.toThrow(NotFoundError);
  });

  it('says in a sentence why a host did not answer, with the detail for the panel only', async () => {
    const w = await world();
    const missing = await readMailboxUsage(w.customer, w.joe);
    expect(missing).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The mail host did not say the usage\. .*\/nonexistent\/doveadm/),
    });
    const far = await readMailboxUsage(w.customer, w.far);
    expect(far).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The mail host could not be reached to read the usage\. ssh mailpanel@127\.0\.0\.1:\d+: /),
    });
    expect(await readMailboxUsage(w.mailbox(w.far), w.far)).toMatchObject({
      ok: false,
      reason: 'The mail host could not be reached to read the usage.',
    });
    // Settings stored behind the form's back that no longer validate: a sentence too, not a throw.
    const { mailHostId } = await db().account.findUniqueOrThrow({ where: { id: w.joe }, select: { mailHostId: true } });
    await db().mailHost.update({ where: { id: mailHostId }, data: { settings: { commands: { quotaGet: { argv: ['doveadm'] } } } } });
    expect(await readMailboxUsage(w.customer, w.joe)).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^The usage cannot be read: the settings of the mail host are not valid\. Fix them on the page of mx/),
    });
    for (const answer of [missing, far]) expect(Math.abs(answer.readAt.getTime() - Date.now())).toBeLessThan(10_000);
  });
});
