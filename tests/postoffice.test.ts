// The postoffice's data layer (lib/data/postoffice.ts) as a mailbox's owner uses it: the mailbox view,
// the password change, the forward and the autoreply, each saved through the review and audited.
import { beforeEach, describe, expect, it } from 'vitest';
import { createVirtmap } from '../lib/data/virtmaps';
import { DomainError, ForbiddenError, NeedsConfirmation } from '../lib/data/errors';
import { loadMailboxActor, verifyMailboxLogin } from '../lib/data/mailbox-sessions';
import { changeMailboxPassword, clearAutoreply, clearForward, getMailbox, setAutoreply, setForward } from '../lib/data/postoffice';
import { readHostSnapshot } from '../lib/data/snapshots';
import { db } from '../lib/db/client';
import type { Actor } from '../lib/auth/actor';
import { VirtmapInput } from '../lib/validation/mail-objects';
import { AutoreplyForm, ForwardForm, PasswordChangeForm } from '../lib/validation/postoffice';
import { makeDomain, makeStaff } from './support/factories';
import { MAILBOX_PASSWORD, postofficeWorld, yes } from './support/postoffice-world';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

const NEW_PASSWORD = 'copper lantern breezy walrus';
let w: Awaited<ReturnType<typeof postofficeWorld>>;
let joe: Actor;

beforeEach(async () => {
  w = await postofficeWorld();
  const actor = await loadMailboxActor(w.joe.id, 0);
  if (!actor) throw new Error('joe cannot sign in');
  joe = actor;
});

async function refusal(promise: Promise<unknown>): Promise<DomainError> {
  const error = await promise.catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

const passwords = (oldPassword: string, newPassword: string) =>
  PasswordChangeForm.parse({ oldPassword, newPassword, repeatPassword: newPassword });
const forward = (addresses: string, keepCopy = false) => ForwardForm.parse({ addresses, keepCopy: keepCopy ? 'on' : '' });
const autoreply = (fields: Record<string, string>) =>
  AutoreplyForm.parse({ subject: 'Away', text: 'Back on Monday.', startsOn: '', endsOn: '', days: '', ...fields });
const joeInSnapshot = async () => (await readHostSnapshot(w.host.id)).accounts.find((a) => a.name === 'joe');

describe('getMailbox', () => {
  it('shows the mailbox with every address that reaches it, its forward, autoreply and webmail', async () => {
    await db().mailHost.update({ where: { id: w.host.id }, data: { webmailUrl: 'https://webmail.example/' } });
    const view = await getMailbox(joe, w.joe.id);
    expect(view).toMatchObject({
      id: w.joe.id,
      login: w.login,
      name: 'joe',
      customerName: w.customer.name,
      quotaMb: 100,
      enabled: true,
      forward: null,
      autoreply: null,
      webmailUrl: 'https://webmail.example/',
      mailHostId: w.host.id,
    });
    // joe@ (its own), webmaster@ (to joe), team@ (to joe and jane) and team-list@ (the alias behind team@,
    // which answers at the domain as every name of the customer does); not jane@.
    expect(view.addresses).toEqual(['joe', 'team-list', 'team', 'webmaster'].map((local) => `${local}@${w.domain.name}`));
  });

  it('is open to the customer and support for reading', async () => {
    expect((await getMailbox(w.customer.actor, w.joe.id)).name).toBe('joe');
    expect((await getMailbox(await makeStaff('SUPPORT'), w.joe.id)).name).toBe('joe');
  });
});

describe('changeMailboxPassword', () => {
  it('refuses a wrong current password on its field, and counts it as a failed login', async () => {
    const error = await refusal(changeMailboxPassword(joe, w.joe.id, passwords('not it at all', NEW_PASSWORD)));
    expect(Object.keys(error.fieldErrors)).toEqual(['oldPassword']);
    expect(await db().auditEvent.count({ where: { action: 'postoffice.login_failed', actorLabel: w.login } })).toBe(1);
  });

  it('stops after 10 wrong current passwords', async () => {
    for (let i = 0; i < 10; i++) await refusal(changeMailboxPassword(joe, w.joe.id, passwords(`guess ${i}`, NEW_PASSWORD)));
    const error = await refusal(changeMailboxPassword(joe, w.joe.id, passwords(MAILBOX_PASSWORD, NEW_PASSWORD)));
    expect(error.fieldErrors.oldPassword?.join(' ')).toMatch(/Too many failed attempts/);
  });

  it.each([
    ['weak', 'password1234'],
    ['the address', 'joe@DOMAIN'],
    ['containing the name', 'joe-copper-lantern'],
    ['too short', 'sh0rt!'],
    ['the current one', MAILBOX_PASSWORD],
  ])('refuses a new password that is %s, on its field', async (_name, typed) => {
    const newPassword = typed.replace('DOMAIN', w.domain.name);
    const error = await refusal(changeMailboxPassword(joe, w.joe.id, passwords(MAILBOX_PASSWORD, newPassword)));
    expect(Object.keys(error.fieldErrors)).toEqual(['newPassword']);
    expect(error.message).not.toContain(newPassword);
  });

  it('refuses a password that is too long in the form', () => {
    const long = 'x'.repeat(129);
    expect(PasswordChangeForm.safeParse({ oldPassword: MAILBOX_PASSWORD, newPassword: long, repeatPassword: long }).success).toBe(false);
  });

  it('saves and publishes the new hash, ends the other sessions and returns the new sessionVersion', async () => {
    const before = (await joeInSnapshot())?.passwordHash;
    const seq = (await db().mailHost.findUniqueOrThrow({ where: { id: w.host.id } })).changeSeq;
    const version = await changeMailboxPassword(joe, w.joe.id, passwords(MAILBOX_PASSWORD, NEW_PASSWORD));
    expect(version).toBe(1);
    expect(await loadMailboxActor(w.joe.id, 0)).toBeNull();
    expect(await loadMailboxActor(w.joe.id, 1)).not.toBeNull();
    expect((await joeInSnapshot())?.passwordHash).not.toBe(before);
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: w.host.id } })).changeSeq).toBeGreaterThan(seq);
    expect(await verifyMailboxLogin(w.login, NEW_PASSWORD)).toMatchObject({ ok: true, sessionVersion: 1 });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: false });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'mailbox.password', targetId: w.joe.id } });
    expect(event).toMatchObject({ actorRole: 'MAILBOX', customerId: w.customer.id });
    expect(JSON.stringify(event.details)).toContain(w.login);
    expect(JSON.stringify(event.details)).not.toMatch(/copper|good long|argon/i);
  });

  it('is refused to support, who change nothing directly', async () => {
    await expect(changeMailboxPassword(await makeStaff('SUPPORT'), w.joe.id, passwords(MAILBOX_PASSWORD, NEW_PASSWORD))).rejects.toThrow(
      ForbiddenError,
    );
  });
});

describe('setForward and clearForward', () => {
  it('forwards without a copy (after confirming that the account stops receiving), then with one, then clears', async () => {
    await expect(setForward(joe, w.joe.id, forward('joe@example.net'), { confirm: () => false })).rejects.toThrow(NeedsConfirmation);
    await setForward(joe, w.joe.id, forward('joe@example.net, Joe.Smith@Example.ORG'), yes);
    expect((await getMailbox(joe, w.joe.id)).forward).toEqual({ addresses: ['joe@example.net', 'Joe.Smith@example.org'], keepCopy: false });
    let alias = (await readHostSnapshot(w.host.id)).aliases.find((a) => a.name === 'joe');
    expect(alias?.targets).toEqual([
      { kind: 'external', address: 'joe@example.net' },
      { kind: 'external', address: 'Joe.Smith@example.org' },
    ]);

    await setForward(joe, w.joe.id, forward('joe@example.net', true), yes);
    expect((await getMailbox(joe, w.joe.id)).forward).toEqual({ addresses: ['joe@example.net'], keepCopy: true });
    alias = (await readHostSnapshot(w.host.id)).aliases.find((a) => a.name === 'joe');
    expect(alias?.targets[0]).toEqual({ kind: 'account', name: 'joe' });
    // Still the mailbox's addresses: a copy lands there.
    expect((await getMailbox(joe, w.joe.id)).addresses).toContain(w.login);

    await clearForward(joe, w.joe.id, yes);
    expect((await getMailbox(joe, w.joe.id)).forward).toBeNull();
    const events = await db().auditEvent.findMany({ where: { action: 'mailbox.forward', targetId: w.joe.id }, orderBy: { id: 'asc' } });
    expect(events.map((e) => (e.details as { summary: string }).summary)).toEqual([
      `mailbox ${w.login} set a forward of mailbox ${w.login} to joe@example.net, Joe.Smith@example.org`,
      `mailbox ${w.login} set a forward of mailbox ${w.login} to joe@example.net, keeping a copy`,
      `mailbox ${w.login} removed the forward of mailbox ${w.login}`,
    ]);
  });

  it("refuses a forward to the mailbox's own addresses with a plain message", async () => {
    const error = await refusal(setForward(joe, w.joe.id, forward(w.login), yes));
    expect(error.fieldErrors.addresses?.join(' ')).toMatch(/address of this mailbox: mail forwarded there would come straight back/);
    await refusal(setForward(joe, w.joe.id, forward(`webmaster@${w.domain.name}`, true), yes));
    expect(await db().alias.count({ where: { customerId: w.customer.id, name: 'joe' } })).toBe(0);
  });

  it('refuses a loop through another address, and a target that refuses mail, through the review', async () => {
    // jane forwards to joe's address; joe forwarding to jane's address would send mail round for ever.
    const jane = await loadMailboxActor(w.jane.id, 0);
    if (!jane) throw new Error('jane cannot sign in');
    await setForward(jane, w.jane.id, forward(w.login), yes);
    await refusal(setForward(joe, w.joe.id, forward(`jane@${w.domain.name}`), yes));

    const closed = await makeDomain(w.reseller.actor, w.customer.id, w.host.id);
    await createVirtmap(
      w.customer.actor,
      VirtmapInput.parse({ domainId: closed.id, localPart: '', action: 'reject', rejectCode: 'unknown', rejectText: 'No such user' }),
      yes,
    );
    const error = await refusal(setForward(joe, w.joe.id, forward(`someone@${closed.name}`), yes));
    expect(error.message).toMatch(/bounces|refused/);
    expect((await getMailbox(joe, w.joe.id)).forward).toBeNull();
  });

  it('refuses a forward to a mail host itself', async () => {
    await refusal(setForward(joe, w.joe.id, forward('root@localhost.localdomain'), yes));
  });

  it('takes at most 20 addresses: 1,000 are refused by the form and by the data layer', async () => {
    const many = Array.from({ length: 1000 }, (_, i) => `r${i}@example.net`);
    const parsed = ForwardForm.safeParse({ addresses: many.join('\n'), keepCopy: '' });
    expect(parsed.success).toBe(false);
    const error = await refusal(setForward(joe, w.joe.id, { addresses: many, keepCopy: false }, yes));
    expect(error.fieldErrors.addresses?.join(' ')).toMatch(/at most 20/);
    expect(await db().alias.count({ where: { customerId: w.customer.id, name: 'joe' } })).toBe(0);
  });

  it('is set by the customer in the panel too, audited with the mailbox address', async () => {
    await setForward(w.customer.actor, w.joe.id, forward('joe@example.net', true), yes);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'mailbox.forward', targetId: w.joe.id } });
    expect(event.actorRole).toBe('CUSTOMER');
    expect((event.details as { summary: string }).summary).toContain(`mailbox ${w.login}`);
  });
});

describe('setAutoreply and clearAutoreply', () => {
  it('refuses CR or LF in the subject and an end before the start, on their fields', async () => {
    for (const subject of ['Away\r\nBcc: everyone@example.net', 'Away\nnow']) {
      expect(AutoreplyForm.safeParse({ subject, text: 'x', days: '' }).success).toBe(false);
      const error = await refusal(setAutoreply(joe, w.joe.id, { subject, text: 'x', startsOn: null, endsOn: null, days: 7 }, yes));
      expect(Object.keys(error.fieldErrors)).toEqual(['subject']);
    }
    const error = await refusal(
      setAutoreply(joe, w.joe.id, { subject: 'Away', text: 'x', startsOn: '2026-12-10', endsOn: '2026-12-01', days: 7 }, yes),
    );
    expect(Object.keys(error.fieldErrors)).toEqual(['endsOn']);
    expect(await db().autoreply.count({ where: { accountId: w.joe.id } })).toBe(0);
  });

  it('keeps Sieve-special text exactly, publishes it in the snapshot, and audits the subject but not the text', async () => {
    const subject = 'Away "until" \\Monday\\ ${date} text: # /* */';
    const text = 'Line one\n.\n..\ntext:\n"quoted" \\ backslash ${var}\r'.replace('\r', '') + '\nÜnïcödé — ✓';
    const seq = (await db().mailHost.findUniqueOrThrow({ where: { id: w.host.id } })).changeSeq;
    await setAutoreply(joe, w.joe.id, autoreply({ subject, text, startsOn: '2026-12-01', endsOn: '2026-12-24', days: '3' }), yes);
    expect((await getMailbox(joe, w.joe.id)).autoreply).toEqual({ subject, text, startsOn: '2026-12-01', endsOn: '2026-12-24', days: 3 });
    expect((await joeInSnapshot())?.autoreply).toEqual({ subject, text, startsOn: '2026-12-01', endsOn: '2026-12-24', days: 3 });
    expect((await db().mailHost.findUniqueOrThrow({ where: { id: w.host.id } })).changeSeq).toBeGreaterThan(seq);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'mailbox.autoreply', targetId: w.joe.id } });
    expect(JSON.stringify(event.details)).toContain(w.login);
    expect(JSON.stringify(event.details)).not.toContain('Line one');

    // Replacing keeps one row; clearing removes it from the host.
    await setAutoreply(joe, w.joe.id, autoreply({ subject: 'Gone fishing' }), yes);
    expect((await getMailbox(joe, w.joe.id)).autoreply).toMatchObject({ subject: 'Gone fishing', startsOn: null, endsOn: null, days: 7 });
    await clearAutoreply(joe, w.joe.id, yes);
    expect((await getMailbox(joe, w.joe.id)).autoreply).toBeNull();
    expect((await joeInSnapshot())?.autoreply).toBeUndefined();
    await refusal(clearAutoreply(joe, w.joe.id, yes));
  });
});
