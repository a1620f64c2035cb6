// A mailbox reaches its own account and nothing else: every postoffice function replayed with another
// mailbox's id (of the same customer, of another customer) answers "not found" and changes nothing, and
// the panel's own functions stay closed to a mailbox actor.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { deleteAccount, getAccount, updateAccount } from '../lib/data/accounts';
import { listAccounts } from '../lib/data/account-list';
import { listAliases } from '../lib/data/alias-list';
import { listDomains } from '../lib/data/domain-list';
import { ForbiddenError, NotFoundError } from '../lib/data/errors';
import { loadMailboxActor } from '../lib/data/mailbox-sessions';
import { changeMailboxPassword, clearAutoreply, clearForward, getMailbox, setAutoreply, setForward } from '../lib/data/postoffice';
import { traceForActor } from '../lib/data/routes';
import { readHostSnapshot } from '../lib/data/snapshots';
import { db } from '../lib/db/client';
import { AutoreplyForm, ForwardForm, PasswordChangeForm } from '../lib/validation/postoffice';
import { makeCustomer, makeDomain, makeReseller } from './support/factories';
import { MAILBOX_PASSWORD, mailbox, postofficeWorld, yes } from './support/postoffice-world';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let w: Awaited<ReturnType<typeof postofficeWorld>>;
let joe: Actor;
let bob: { id: string };
let otherCustomer: Actor;

beforeAll(async () => {
  w = await postofficeWorld();
  const other = await makeReseller(w.admin, [w.host.id]);
  const customer = await makeCustomer(other.actor);
  const domain = await makeDomain(other.actor, customer.id, w.host.id);
  bob = await mailbox(customer.actor, w.host.id, domain.id, 'bob');
  otherCustomer = customer.actor;
  const actor = await loadMailboxActor(w.joe.id, 0);
  if (!actor) throw new Error('joe cannot sign in');
  joe = actor;
  // Something to clear on each victim, so a clear that got through would show.
  for (const [owner, id] of [
    [w.customer.actor, w.jane.id],
    [customer.actor, bob.id],
  ] as const) {
    await setForward(owner, id, ForwardForm.parse({ addresses: 'kept@example.net', keepCopy: 'on' }), yes);
    await setAutoreply(owner, id, AutoreplyForm.parse({ subject: 'Kept', text: 'Kept.', days: '' }), yes);
  }
});

/** Every postoffice function, called by `actor` on account `id`. */
const replays = (actor: Actor, id: string): [string, () => Promise<unknown>][] => [
  ['getMailbox', () => getMailbox(actor, id)],
  [
    'changeMailboxPassword',
    () =>
      changeMailboxPassword(
        actor,
        id,
        PasswordChangeForm.parse({
          oldPassword: MAILBOX_PASSWORD,
          newPassword: 'copper lantern breezy walrus',
          repeatPassword: 'copper lantern breezy walrus',
        }),
      ),
  ],
  ['setForward', () => setForward(actor, id, ForwardForm.parse({ addresses: 'thief@example.net', keepCopy: '' }), yes)],
  ['clearForward', () => clearForward(actor, id, yes)],
  ['setAutoreply', () => setAutoreply(actor, id, AutoreplyForm.parse({ subject: 'Stolen', text: 'Stolen.', days: '' }), yes)],
  ['clearAutoreply', () => clearAutoreply(actor, id, yes)],
];

async function state() {
  const accounts = await db().account.findMany({ orderBy: { id: 'asc' }, select: { id: true, passwordHash: true, sessionVersion: true } });
  const audit = await db().auditEvent.count();
  const host = await db().mailHost.findUniqueOrThrow({ where: { id: w.host.id }, select: { changeSeq: true } });
  return { accounts, audit, changeSeq: host.changeSeq, snapshot: await readHostSnapshot(w.host.id) };
}

describe('replaying postoffice functions with another account', () => {
  const cases = () =>
    [
      ["joe with jane's id (same customer)", () => replays(joe, w.jane.id)],
      ["joe with bob's id (another customer)", () => replays(joe, bob.id)],
      ["joe's customer with bob's id", () => replays(w.customer.actor, bob.id)],
      ["bob's customer with joe's id", () => replays(otherCustomer, w.joe.id)],
    ] as const;

  it('answers not found for each function and changes nothing', async () => {
    for (const [who, make] of cases()) {
      for (const [name, call] of make()) {
        const before = await state();
        const error = await call().catch((e: unknown) => e);
        expect(error, `${who}: ${name}`).toBeInstanceOf(NotFoundError);
        expect(await state(), `${who}: ${name}`).toEqual(before);
      }
    }
  });
});

describe("the panel's functions for a mailbox actor", () => {
  it('show no domains, aliases or traces, and only its own account', async () => {
    expect((await listDomains(joe, {})).rows).toEqual([]);
    expect((await listAliases(joe, {})).rows).toEqual([]);
    expect((await listAccounts(joe, {})).rows.map((r) => r.id)).toEqual([w.joe.id]);
    await expect(traceForActor(joe, w.login)).rejects.toThrow(NotFoundError);
  });

  it("may not use the panel's account page on its own account (quota, enabled, delete)", async () => {
    await expect(getAccount(joe, w.joe.id)).rejects.toThrow(ForbiddenError);
    await expect(updateAccount(joe, w.joe.id, { quotaMb: 100000, enabled: true }, yes)).rejects.toThrow(ForbiddenError);
    await expect(deleteAccount(joe, w.joe.id, yes)).rejects.toThrow(ForbiddenError);
    expect((await db().account.findUniqueOrThrow({ where: { id: w.joe.id } })).quotaMb).toBe(100);
  });
});
