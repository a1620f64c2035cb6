// Support's act-as: a stated reason and at most an hour; while it lasts the support user's browser session
// IS the target (its tenant bounds every read and write: acting as customer A never reaches customer B);
// every change reads "support X as Y (reason)" in the tenant's own log; ended or expired, support is
// read-only again. Real Postgres; the sessions are the rows the panel reads on every request.
import { beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { db } from '../lib/db/client';
import { createAlias, getAlias } from '../lib/data/aliases';
import { listAuditEvents } from '../lib/data/audit-log';
import { getDomain, setDomainEnabled } from '../lib/data/domains';
import { listDomains } from '../lib/data/domain-list';
import { ForbiddenError, NotFoundError } from '../lib/data/errors';
import { actingActor, endActAs, listActAsSessions, startActAs } from '../lib/data/support-sessions';
import { loadPanelSession } from '../lib/data/user-sessions';
import { ActAsInput } from '../lib/validation/act-as';
import { AliasInput } from '../lib/validation/mail-objects';
import { changeMailboxPassword, getMailbox, setForward } from '../lib/data/postoffice';
import { ForwardForm, PasswordChangeForm } from '../lib/validation/postoffice';
import { makeStaff, twoTenants } from './support/factories';
import { MAILBOX_PASSWORD, mailbox } from './support/postoffice-world';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const yes = { confirm: () => true };
let world: Awaited<ReturnType<typeof twoTenants>>;
let support: Extract<Actor, { kind: 'support' }>;
let browser: string;

beforeEach(async () => {
  world = await twoTenants();
  support = (await makeStaff('SUPPORT')) as Extract<Actor, { kind: 'support' }>;
  browser = (await db().userSession.create({ data: { userId: support.userId }, select: { id: true } })).id;
});

const reason = ActAsInput.parse({ reason: 'ticket 4711: forwards lost', minutes: '15' });

/** The actor the panel builds for the support user's browser on its next request. */
async function nextRequest(): Promise<Actor> {
  const user = await db().user.findUniqueOrThrow({ where: { id: support.userId }, select: { sessionVersion: true } });
  const session = await loadPanelSession(support.userId, user.sessionVersion, browser);
  if (!session) throw new Error('session refused');
  return session.actor;
}

describe('starting', () => {
  it('needs a reason and at most an hour', () => {
    expect(ActAsInput.safeParse({ reason: '', minutes: '15' }).success).toBe(false);
    expect(ActAsInput.safeParse({ reason: 'long enough', minutes: '90' }).success).toBe(false);
  });

  it('is support’s alone', async () => {
    for (const actor of [world.admin, world.a.actor, world.customerA.actor]) {
      await expect(startActAs(actor, browser, { kind: 'customer', id: world.customerA.id }, reason)).rejects.toBeInstanceOf(ForbiddenError);
    }
  });

  it('refuses more than an hour in the database too', async () => {
    const start = new Date();
    await expect(
      db().supportSession.create({
        data: {
          supportUserId: support.userId,
          userSessionId: browser,
          targetKind: 'customer',
          targetResellerId: world.a.id,
          targetCustomerId: world.customerA.id,
          targetLabel: 'x',
          reason: 'a reason',
          startedAt: start,
          expiresAt: new Date(start.getTime() + 61 * 60_000),
        },
      }),
    ).rejects.toThrow();
  });
});

describe('while acting as customer A', () => {
  it('is customer A on every request, and changes what A may change, recorded as support as A', async () => {
    await startActAs(support, browser, { kind: 'customer', id: world.customerA.id }, reason);
    const acting = await nextRequest();
    expect(acting).toMatchObject({ kind: 'customer', customerId: world.customerA.id, actingAs: { reason: reason.reason } });

    const alias = await createAlias(
      acting,
      AliasInput.parse({ name: 'helped', targets: 'x@elsewhere.example', mailHostId: world.host.id }),
      yes,
    );
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'alias.create', targetId: alias.id } });
    expect(event.actorLabel).toBe(
      `support ${support.label} as ${(await db().customer.findUniqueOrThrow({ where: { id: world.customerA.id } })).name} (${reason.reason})`,
    );
    expect(event.actorRole).toBe('SUPPORT');
    expect(event.actorUserId).toBe(support.userId);

    // Customer A reads it in its own activity log; customer B does not.
    const mine = await listAuditEvents(world.customerA.actor, {});
    expect(mine.rows.map((e) => e.actorLabel)).toContain(event.actorLabel);
    const theirs = await listAuditEvents(world.customerB.actor, {});
    expect(theirs.rows.map((e) => e.actorLabel)).not.toContain(event.actorLabel);
  });

  it('never reads or changes customer B', async () => {
    await startActAs(support, browser, { kind: 'customer', id: world.customerA.id }, reason);
    const acting = await nextRequest();
    const bAlias = await createAlias(
      world.customerB.actor,
      AliasInput.parse({ name: 'bsecret', targets: 'y@elsewhere.example', mailHostId: world.host.id }),
      yes,
    );

    await expect(getDomain(acting, world.domainB.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getAlias(acting, bAlias.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(setDomainEnabled(acting, world.domainB.id, false)).rejects.toBeInstanceOf(NotFoundError);
    const listed = await listDomains(acting, {});
    expect(listed.rows.map((d) => d.id)).toEqual([world.domainA.id]);
    expect((await db().domain.findUniqueOrThrow({ where: { id: world.domainB.id } })).enabled).toBe(true);
  });
});

describe('ending', () => {
  it('expired: the next request is plain support again, which changes nothing', async () => {
    const session = await startActAs(support, browser, { kind: 'customer', id: world.customerA.id }, reason);
    // The one thing a test cannot wait for: a quarter of an hour. The row says it is over.
    await db()
      .$executeRaw`UPDATE "SupportSession" SET "startedAt" = now() - interval '20 minutes', "expiresAt" = now() - interval '5 minutes' WHERE id = ${session.id}::uuid`;
    const after = await nextRequest();
    expect(after.kind).toBe('support');
    await expect(setDomainEnabled(after, world.domainA.id, false)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await actingActor(support, browser)).toBeNull();
  });

  it('stopped by support itself, or ended by an admin, who lists the sessions', async () => {
    const first = await startActAs(support, browser, { kind: 'customer', id: world.customerA.id }, reason);
    const acting = await nextRequest();
    await endActAs(acting, first.id);
    expect((await nextRequest()).kind).toBe('support');

    const second = await startActAs(support, browser, { kind: 'reseller', id: world.a.id }, reason);
    expect(await nextRequest()).toMatchObject({ kind: 'reseller', resellerId: world.a.id });
    const listed = await listActAsSessions(world.admin);
    expect(listed.running.map((s) => s.id)).toContain(second.id);
    expect(listed.past.map((s) => s.id)).toContain(first.id);
    // Another tenant cannot end it; the admin can.
    await expect(endActAs(world.customerA.actor, second.id)).rejects.toBeInstanceOf(NotFoundError);
    await endActAs(world.admin, second.id);
    expect((await nextRequest()).kind).toBe('support');
    const ended = await db().supportSession.findUniqueOrThrow({ where: { id: second.id } });
    expect(ended.endedByLabel).toBe(world.admin.label);
    expect(await db().auditEvent.count({ where: { action: 'support.act-as.end', resellerId: world.a.id } })).toBe(2);
  });

  it('holds in the browser that started it only', async () => {
    await startActAs(support, browser, { kind: 'customer', id: world.customerA.id }, reason);
    const other = (await db().userSession.create({ data: { userId: support.userId }, select: { id: true } })).id;
    expect(await actingActor(support, other)).toBeNull();
  });
});

describe('acting as a mailbox', () => {
  it('is that one mailbox on the postoffice pages: its forward changes, recorded as support as it; not its password, nor another mailbox', async () => {
    const joe = await mailbox(world.customerA.actor, world.host.id, world.domainA.id, 'joe');
    const jane = await mailbox(world.customerA.actor, world.host.id, world.domainA.id, 'jane');
    const session = await startActAs(support, browser, { kind: 'mailbox', id: joe.id }, reason);
    const acting = await nextRequest();
    expect(acting).toMatchObject({
      kind: 'mailbox',
      accountId: joe.id,
      customerId: world.customerA.id,
      actingAs: { reason: reason.reason },
    });
    if (acting.kind !== 'mailbox') throw new Error('not a mailbox');

    await setForward(acting, joe.id, ForwardForm.parse({ addresses: 'helpdesk@example.net', keepCopy: 'on' }), yes);
    expect((await getMailbox(acting, joe.id)).forward?.addresses).toEqual(['helpdesk@example.net']);
    const log = await listAuditEvents(world.customerA.actor, {});
    expect(log.rows.find((e) => e.action.startsWith('mailbox.forward'))?.actorLabel).toBe(
      `support ${support.label} as ${joe.loginAddress} (${reason.reason})`,
    );
    // The owner's secret stays the owner's; the mailbox next door is not this one.
    const change = PasswordChangeForm.parse({
      oldPassword: MAILBOX_PASSWORD,
      newPassword: 'another good long password',
      repeatPassword: 'another good long password',
    });
    await expect(changeMailboxPassword(acting, joe.id, change)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(getMailbox(acting, jane.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(getDomain(acting, world.domainA.id)).rejects.toThrow();

    // A disabled account ends the act-as on the next request, as it ends its owner's session.
    await db().account.update({ where: { id: joe.id }, data: { enabled: false } });
    expect((await nextRequest()).kind).toBe('support');
    expect(session.id).toBeTruthy();
  });

  it('stops from the mailbox’s own pages', async () => {
    const joe = await mailbox(world.customerA.actor, world.host.id, world.domainA.id, 'joe');
    const session = await startActAs(support, browser, { kind: 'mailbox', id: joe.id }, reason);
    await endActAs(await nextRequest(), session.id);
    expect((await nextRequest()).kind).toBe('support');
    expect((await db().supportSession.findUniqueOrThrow({ where: { id: session.id } })).endedByLabel).toBe(support.label);
  });

  it('refuses a disabled mailbox', async () => {
    const joe = await mailbox(world.customerA.actor, world.host.id, world.domainA.id, 'joe');
    await db().account.update({ where: { id: joe.id }, data: { enabled: false } });
    await expect(startActAs(support, browser, { kind: 'mailbox', id: joe.id }, reason)).rejects.toThrow(/disabled/);
  });
});
