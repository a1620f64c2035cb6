// The postoffice login (lib/data/mailbox-sessions.ts): by the login address and by another address that
// delivers to the mailbox alone; refusals; throttling; the session check on every request.
import { hash } from '@node-rs/argon2';
import { beforeEach, describe, expect, it } from 'vitest';
import { NO_LOGIN_HASH, storedHashFromLegacy } from '../lib/auth/legacy-hash';
import { updateAccount } from '../lib/data/accounts';
import { setCustomerStatus } from '../lib/data/customers';
import { setDomainEnabled } from '../lib/data/domains';
import { loadMailboxActor, recordMailboxLogout, verifyMailboxLogin } from '../lib/data/mailbox-sessions';
import { markHostChanged } from '../lib/data/sync-trigger';
import { readHostSnapshot } from '../lib/data/snapshots';
import { db } from '../lib/db/client';
import { AccountUpdateInput } from '../lib/validation/accounts';
import { makeDomain, unique } from './support/factories';
import { MAILBOX_PASSWORD, mailbox, postofficeWorld, yes } from './support/postoffice-world';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();

let w: Awaited<ReturnType<typeof postofficeWorld>>;
beforeEach(async () => {
  w = await postofficeWorld();
});

describe('verifyMailboxLogin', () => {
  it('signs in with the login address, in any case, and audits it as the mailbox', async () => {
    const result = await verifyMailboxLogin(`  ${w.login.toUpperCase()} `, MAILBOX_PASSWORD, '192.0.2.1');
    expect(result).toEqual({ ok: true, accountId: w.joe.id, sessionVersion: 0 });
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: 'postoffice.login', targetId: w.joe.id } });
    expect(event).toMatchObject({ actorRole: 'MAILBOX', actorLabel: w.login, customerId: w.customer.id, resellerId: w.reseller.id });
    expect(JSON.stringify(event.details)).not.toContain(MAILBOX_PASSWORD);
  });

  it('signs in with another address that delivers to the mailbox alone', async () => {
    expect(await verifyMailboxLogin(`webmaster@${w.domain.name}`, MAILBOX_PASSWORD)).toMatchObject({ ok: true, accountId: w.joe.id });
  });

  it('signs in with an address at an internationalised domain as typed (its U-label)', async () => {
    const label = unique('bücher');
    const domain = await makeDomain(w.reseller.actor, w.customer.id, w.host.id, `${label}.example`);
    const ida = await mailbox(w.customer.actor, w.host.id, domain.id, 'ida');
    expect(ida.loginAddress).toMatch(/^ida@xn--/);
    expect(await verifyMailboxLogin(`IDA@${label.toUpperCase()}.example`, MAILBOX_PASSWORD)).toMatchObject({ ok: true, accountId: ida.id });
  });

  it('refuses an address that delivers to two mailboxes, and one that reaches none, as a wrong password', async () => {
    expect(await verifyMailboxLogin(`team@${w.domain.name}`, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyMailboxLogin(`nobody@${w.domain.name}`, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    expect(await verifyMailboxLogin('joe@elsewhere.example', MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('refuses a wrong password with the same answer as an unknown address, and audits both without the password', async () => {
    expect(await verifyMailboxLogin(w.login, 'not the password')).toEqual({ ok: false, reason: 'invalid' });
    const unknown = `ghost@${w.domain.name}`;
    expect(await verifyMailboxLogin(unknown, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'invalid' });
    const failures = await db().auditEvent.findMany({
      where: { action: 'postoffice.login_failed', actorLabel: { in: [w.login, unknown] } },
    });
    expect(failures.map((f) => [f.actorLabel, f.targetId, f.customerId]).sort()).toEqual(
      [
        [w.login, w.joe.id, w.customer.id],
        [unknown, null, null],
      ].sort(),
    );
    expect(JSON.stringify(failures.map((f) => f.details))).not.toMatch(/not the password|a good long password/);
  });

  it('refuses a disabled account, a disabled domain and a suspended customer or reseller', async () => {
    await updateAccount(w.customer.actor, w.joe.id, AccountUpdateInput.parse({ quotaMb: '100', enabled: '' }), yes);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
    await updateAccount(w.customer.actor, w.joe.id, AccountUpdateInput.parse({ quotaMb: '100', enabled: 'on' }), yes);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true });

    await setDomainEnabled(w.customer.actor, w.domain.id, false);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
    await setDomainEnabled(w.customer.actor, w.domain.id, true);

    await setCustomerStatus(w.reseller.actor, w.customer.id, 'SUSPENDED');
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'disabled' });
    await setCustomerStatus(w.reseller.actor, w.customer.id, 'ACTIVE');
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true });
  });

  it('throttles a client after 10 failures for one address, without locking out the owner elsewhere', async () => {
    for (let i = 0; i < 10; i++) await verifyMailboxLogin(w.login, `guess ${i}`, '203.0.113.9');
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '203.0.113.9')).toEqual({ ok: false, reason: 'throttled' });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '198.51.100.7')).toMatchObject({ ok: true });
    // The count is per address as typed: the panel's failures do not count here, nor these there.
    expect(await db().auditEvent.count({ where: { action: 'auth.login_failed', actorLabel: w.login } })).toBe(0);
  });

  it('throttles a mailbox, not only an address: guesses spread over its other addresses count together', async () => {
    for (let i = 0; i < 10; i++) await verifyMailboxLogin(`joe+try${i}@${w.domain.name}`, `guess ${i}`, '203.0.113.10');
    expect(await verifyMailboxLogin(`webmaster@${w.domain.name}`, MAILBOX_PASSWORD, '203.0.113.10')).toEqual({
      ok: false,
      reason: 'throttled',
    });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '198.51.100.8')).toMatchObject({ ok: true });
  });

  it('throttles an address after 100 failures from all clients together', async () => {
    await db().loginAttempt.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({ kind: 'postoffice.login_failed', login: w.login, client: `198.18.0.${i}` })),
    });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD, '192.0.2.77')).toEqual({ ok: false, reason: 'throttled' });
  });

  it('rehashes a hash made at older costs, and publishes it', async () => {
    const old = `{ARGON2ID}${await hash(MAILBOX_PASSWORD, { algorithm: 2, memoryCost: 8192, timeCost: 1, parallelism: 1 })}`;
    await db().$transaction(async (tx) => {
      await tx.account.update({ where: { id: w.joe.id }, data: { passwordHash: old } });
      await markHostChanged(tx, w.host.id, w.customer.id);
    });
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true });
    const snapshot = await readHostSnapshot(w.host.id);
    const joe = snapshot.accounts.find((a) => a.name === 'joe');
    expect(joe?.passwordHash).toMatch(/^\{ARGON2ID\}\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true });
  });

  // Hashes an imported host brings, made by `doveadm pw -s <scheme> -p 'a good long password'` (Dovecot 2.3).
  it.each([
    '{SHA512-CRYPT}$6$fk4nQclGkdBaz0Bf$ixz9tb0LG9.uGUU.tejRivoE3O4fPCydGAF.SVP16t5LW7gzUY.UYMqKR6HsxUB7pVxPcLGVH.mPms/X.vIEm.',
    '{SHA256-CRYPT}$5$FTNHcpopeLVqY1KC$mCyKvw94tqrlro5TMgWTU8osw9cfPGN3yaZBTpmBG.8',
    '{BLF-CRYPT}$2y$05$ZVxLwJN8evEeIpbYh8yzteTXOgJryAQUdy9.1FNwSwupSIStOtava',
    // From an old shadow file, by crypt(3) (perl -e 'print crypt($pw, "$1$Kp3.zX9q")', crypt($pw, "Qm")),
    // kept as lib/auth/legacy-hash.ts stores them.
    '{MD5-CRYPT}$1$Kp3.zX9q$d9xvixL2s/lBszVLRxr6o/',
    '{CRYPT}Qm4uaz.0t38VI',
  ])('signs in with an imported %s hash, refuses a wrong password, and rehashes it to our Argon2id', async (imported) => {
    await db().$transaction(async (tx) => {
      await tx.account.update({ where: { id: w.joe.id }, data: { passwordHash: imported } });
      await markHostChanged(tx, w.host.id, w.customer.id);
    });
    expect(await verifyMailboxLogin(w.login, 'not the password')).toEqual({ ok: false, reason: 'invalid' });
    expect((await db().account.findUniqueOrThrow({ where: { id: w.joe.id } })).passwordHash).toBe(imported);

    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true, accountId: w.joe.id });
    const { passwordHash } = await db().account.findUniqueOrThrow({ where: { id: w.joe.id } });
    expect(passwordHash).toMatch(/^\{ARGON2ID\}\$argon2id\$v=19\$m=12288,t=3,p=1\$/);
    expect(await db().auditEvent.count({ where: { action: 'mailbox.rehash', targetId: w.joe.id } })).toBe(1);
    const joe = (await readHostSnapshot(w.host.id)).accounts.find((a) => a.name === 'joe');
    expect(joe?.passwordHash).toBe(passwordHash); // published to the host in place of the imported hash
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toMatchObject({ ok: true });
  });
});

describe('imported hashes (lib/auth/legacy-hash.ts)', () => {
  const setHash = (passwordHash: string) =>
    db().$transaction(async (tx) => {
      await tx.account.update({ where: { id: w.joe.id }, data: { passwordHash } });
      await markHostChanged(tx, w.host.id, w.customer.id);
    });

  it('a DES hash lets in whatever starts with its first 8 characters, until the login rehashes it', async () => {
    await setHash(storedOf(storedHashFromLegacy('Qm4uaz.0t38VI')));
    expect(await verifyMailboxLogin(w.login, 'a good lxxxxxxxx')).toMatchObject({ ok: true }); // crypt(3) and Dovecot agree
    expect(await verifyMailboxLogin(w.login, MAILBOX_PASSWORD)).toEqual({ ok: false, reason: 'invalid' }); // now the typed one
    expect(await verifyMailboxLogin(w.login, 'a good lxxxxxxxx')).toMatchObject({ ok: true });
  });

  it.each([
    ['empty', ''],
    ['never set', '!!'],
    ['locked', '!'],
    ['locked by passwd -l', '!$1$Kp3.zX9q$d9xvixL2s/lBszVLRxr6o/'],
    ['no password', '*'],
  ])('an account imported %s is stored with NO_LOGIN_HASH and refuses every password', async (_what, field) => {
    const result = storedHashFromLegacy(field);
    expect(result.kind).toBe('locked');
    await setHash(NO_LOGIN_HASH);
    for (const typed of ['', '!', '!!', '*', '*0', NO_LOGIN_HASH, MAILBOX_PASSWORD, field]) {
      expect(await verifyMailboxLogin(w.login, typed), JSON.stringify(typed)).toEqual({ ok: false, reason: 'invalid' });
    }
    expect((await db().account.findUniqueOrThrow({ where: { id: w.joe.id } })).passwordHash).toBe(NO_LOGIN_HASH);
    expect(await db().auditEvent.count({ where: { action: 'mailbox.rehash', targetId: w.joe.id } })).toBe(0);
  });
});

/** The stored hash of a kept field (the test's fields are all kept). */
function storedOf(result: ReturnType<typeof storedHashFromLegacy>): string {
  if (result.kind !== 'hash') throw new Error(result.reason);
  return result.stored;
}

describe('loadMailboxActor, run on every request', () => {
  it('gives the mailbox actor with its tenant', async () => {
    expect(await loadMailboxActor(w.joe.id, 0)).toEqual({
      kind: 'mailbox',
      label: w.login,
      accountId: w.joe.id,
      customerId: w.customer.id,
      resellerId: w.reseller.id,
    });
  });

  it('audits a sign-out, which leaves the session version (and other sessions) as they are', async () => {
    const actor = await loadMailboxActor(w.joe.id, 0);
    if (!actor) throw new Error('joe cannot sign in');
    await recordMailboxLogout(actor);
    expect(await db().auditEvent.count({ where: { action: 'postoffice.logout', targetId: w.joe.id, actorRole: 'MAILBOX' } })).toBe(1);
    expect(await loadMailboxActor(w.joe.id, 0)).not.toBeNull();
  });

  it('ends postoffice sessions for good when the customer or reseller is suspended: reactivating does not revive them', async () => {
    const signIn = async () => {
      const result = await verifyMailboxLogin(w.login, MAILBOX_PASSWORD);
      if (!result.ok) throw new Error(`joe cannot sign in: ${result.reason}`);
      return result;
    };
    const before = await signIn();
    expect(await loadMailboxActor(before.accountId, before.sessionVersion)).not.toBeNull();
    await setCustomerStatus(w.reseller.actor, w.customer.id, 'SUSPENDED');
    await setCustomerStatus(w.reseller.actor, w.customer.id, 'ACTIVE');
    expect(await loadMailboxActor(before.accountId, before.sessionVersion)).toBeNull();

    const next = await signIn();
    expect(await loadMailboxActor(next.accountId, next.sessionVersion)).not.toBeNull();
    const { setResellerStatus } = await import('../lib/data/resellers');
    await setResellerStatus(w.admin, w.reseller.id, 'SUSPENDED');
    await setResellerStatus(w.admin, w.reseller.id, 'ACTIVE');
    expect(await loadMailboxActor(next.accountId, next.sessionVersion)).toBeNull();
    const last = await signIn();
    expect(await loadMailboxActor(last.accountId, last.sessionVersion)).not.toBeNull();
  });

  it('drops the session when the account or its domain is disabled, the customer or reseller suspended, or the version is stale', async () => {
    expect(await loadMailboxActor(w.joe.id, 1)).toBeNull();
    await setDomainEnabled(w.customer.actor, w.domain.id, false);
    expect(await loadMailboxActor(w.joe.id, 0)).toBeNull();
    await setDomainEnabled(w.customer.actor, w.domain.id, true);
    expect(await loadMailboxActor(w.joe.id, 0)).not.toBeNull();
    await setCustomerStatus(w.reseller.actor, w.customer.id, 'SUSPENDED');
    expect(await loadMailboxActor(w.joe.id, 0)).toBeNull();
    await setCustomerStatus(w.reseller.actor, w.customer.id, 'ACTIVE');
    const { setResellerStatus } = await import('../lib/data/resellers');
    await setResellerStatus(w.admin, w.reseller.id, 'SUSPENDED');
    expect(await loadMailboxActor(w.joe.id, 0)).toBeNull();
    await setResellerStatus(w.admin, w.reseller.id, 'ACTIVE');
    await updateAccount(w.customer.actor, w.joe.id, AccountUpdateInput.parse({ quotaMb: '100', enabled: '' }), yes);
    expect(await loadMailboxActor(w.joe.id, 0)).toBeNull();
    expect(await loadMailboxActor('00000000-0000-0000-0000-000000000001', 0)).toBeNull();
  });
});
