// Shared by the end-to-end delivery tests (deliver-postfix, deliver-sendmail): one customer's mail made
// through the data layer, exactly as the panel's forms make it, on a mail host of either flavour that
// publishes into a map directory of its own under .data/ (never /tmp: sendmail ignores maps under a
// world-writable directory), and a POP3 reader for the mailboxes it ends up in.
import { publishHost } from '../../lib/sync/run-publish';
import { chmod, mkdir, mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import { db } from '../../lib/db/client';
import type { Actor } from '../../lib/auth/actor';
import { createAccount } from '../../lib/data/accounts';
import { createMailHost } from '../../lib/data/mail-hosts';
import { createVirtmap } from '../../lib/data/virtmaps';
import { AccountInput } from '../../lib/validation/accounts';
import { VirtmapInput } from '../../lib/validation/mail-objects';
import { Pop3Client } from '../mta/dovecot-clients';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from '../support/factories';

/** The passwords typed into the panel for each account: POP3 must take exactly these. */
export const PASSWORDS = { joe: 'first mailbox 11', mary: 'second mailbox 22' } as const;
export const REJECT_TEXT = 'This address is no longer in use';
const CONFIRMED = { confirm: () => true };

export interface DeliverWorld {
  admin: Actor;
  customer: Actor;
  customerId: string;
  /** The customer's tag: its names on the host are `<tag>-joe`, `<tag>-mary` (docs/tenancy.md). */
  tag: string;
  host: { id: string; name: string };
  domain: { id: string; name: string };
}

/** A fresh map directory, mode 0755 (Dovecot's auth process, user dovecot, passes through it). */
export async function freshDeliverDir(label: string): Promise<string> {
  await mkdir(path.resolve('.data/sync-deliver'), { recursive: true });
  const dir = await mkdtemp(path.resolve('.data/sync-deliver', `${label}-`));
  await chmod(dir, 0o755);
  return dir;
}

/** An admin, a mail host with these (stored) settings, and a reseller's customer with one domain on it. */
export async function deliverWorld(
  flavor: 'POSTFIX' | 'SENDMAIL',
  mapDir: string,
  settings: Record<string, unknown>,
): Promise<DeliverWorld> {
  process.env.AUTH_SECRET ??= 'deliver-tests-secret';
  const admin = await makeStaff('ADMIN');
  const host = await createMailHost(admin, { name: unique('mx'), flavor, transport: 'LOCAL', mapDir, sshPort: 22, settings });
  const reseller = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id, `${unique('shop')}.example`);
  const { mailTag } = await db().customer.findUniqueOrThrow({ where: { id: customer.id }, select: { mailTag: true } });
  return { admin, customer: customer.actor, customerId: customer.id, tag: mailTag, host, domain: { id: domain.id, name: domain.name } };
}

/**
 * What the first "done when" names, through the data layer: an account with a password and its
 * address (`joe@d → joe`), a second account taking the catch-all (`@d → mary`; joe keeps his mail because
 * his address is a key of its own: DOMAIN.md precedence 2), and an address with a rejection.
 */
/** The sync job's publish, as the worker runs it, timed into `timings`; throws with the outcome unless it succeeded. */
export async function publishTimed(world: DeliverWorld, timings: Record<string, number>): Promise<number> {
  const t = performance.now();
  const outcome = await publishHost(world.host.id, 'manual');
  if (outcome.status !== 'succeeded') throw new Error(`publish did not succeed: ${JSON.stringify(outcome)}`);
  timings[`publish r${outcome.revision}`] = Math.round(performance.now() - t);
  return outcome.revision;
}

export async function createMailObjects(world: DeliverWorld): Promise<void> {
  const { customer, host, domain } = world;
  await createAccount(
    customer,
    AccountInput.parse({ mailHostId: host.id, name: 'joe', password: PASSWORDS.joe, quotaMb: 50, addressDomainId: domain.id }),
    CONFIRMED,
  );
  await createAccount(
    customer,
    AccountInput.parse({ mailHostId: host.id, name: 'mary', password: PASSWORDS.mary, quotaMb: 50 }),
    CONFIRMED,
  );
  await createVirtmap(customer, VirtmapInput.parse({ domainId: domain.id, localPart: '', action: 'deliver', target: 'mary' }), CONFIRMED);
  await createVirtmap(
    customer,
    VirtmapInput.parse({ domainId: domain.id, localPart: 'old', action: 'reject', rejectCode: 'unknown', rejectText: REJECT_TEXT }),
    CONFIRMED,
  );
}

/** One more address saved later: `name@d → target`. */
export async function addAddress(world: DeliverWorld, localPart: string, target: string): Promise<void> {
  await createVirtmap(world.customer, VirtmapInput.parse({ domainId: world.domain.id, localPart, action: 'deliver', target }), CONFIRMED);
}

/** Logs in over POP3 with USER/PASS; the server's reply to PASS (and the client, when it is +OK). */
async function login(port: number, user: string, password: string): Promise<{ reply: string; client: Pop3Client }> {
  const { client } = await Pop3Client.connect(port);
  const userReply = await client.command(`USER ${user}`);
  if (!userReply.startsWith('+OK')) {
    await client.quit();
    return { reply: userReply, client };
  }
  return { reply: await client.command(`PASS ${password}`), client };
}

/** The reply to PASS (`+OK …` or `-ERR …`), logging out at once. */
export async function popLogin(port: number, user: string, password: string): Promise<string> {
  const { reply, client } = await login(port, user, password);
  await client.quit();
  return reply;
}

/** The Subject of every message in the mailbox, sorted, fetched over POP3 (RETR). */
export async function popSubjects(port: number, user: string, password: string): Promise<string[]> {
  const { reply, client } = await login(port, user, password);
  try {
    if (!reply.startsWith('+OK')) throw new Error(`POP3 login of ${user} refused: ${reply}`);
    const list = await client.multiline('LIST');
    const subjects: string[] = [];
    for (const line of list.lines) {
      const message = await client.multiline(`RETR ${line.split(' ')[0]}`);
      subjects.push(message.lines.find((l) => l.startsWith('Subject: '))?.slice(9) ?? '');
    }
    return subjects.sort();
  } finally {
    await client.quit();
  }
}

/** Asks until the mailbox holds `count` messages (delivery runs after the SMTP reply) or `ms` passed. */
export async function popSubjectsWhen(port: number, user: string, password: string, count: number, ms = 10_000): Promise<string[]> {
  const until = Date.now() + ms;
  for (;;) {
    const subjects = await popSubjects(port, user, password);
    if (subjects.length >= count || Date.now() > until) return subjects;
    await new Promise((r) => setTimeout(r, 50));
  }
}
