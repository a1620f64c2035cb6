// Nothing secret lands in a log or the audit log: the flows that handle secrets (a password change, a
// wrong password at both logins, two-factor enrolment with its recovery codes, a mail host with a pasted
// SSH key, a new mailbox with its password) run on a real Postgres while every console line is read, and
// then every audit event is searched for the passwords, hashes, keys, codes and the panel secret.
import { format } from 'node:util';
import { afterEach, expect, it, vi } from 'vitest';
import type { Actor } from '../lib/auth/actor';
import { totpCode } from '../lib/auth/totp';
import { generateSshIdentity } from '../lib/crypto/ssh-identity';
import { createAccount } from '../lib/data/accounts';
import { createMailHost } from '../lib/data/mail-hosts';
import { verifyMailboxLogin } from '../lib/data/mailbox-sessions';
import { changeOwnPassword } from '../lib/data/own-password';
import { verifyLogin } from '../lib/data/sessions';
import { completeSecondFactor, confirmEnrolment, pendingEnrolment } from '../lib/data/two-factor';
import { db } from '../lib/db/client';
import { actionError } from '../lib/web/action-error';
import { AccountInput } from '../lib/validation/accounts';
import { OwnPasswordForm } from '../lib/validation/logins';
import { AuthenticatorCodeInput, SecondFactorInput } from '../lib/validation/two-factor';
import { makeCustomer, makeDomain, makeReseller, makeStaff, PASSWORD, unique } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
const AUTH_SECRET = 'the panel secret these tests must never see printed';
process.env.AUTH_SECRET = AUTH_SECRET;
delete process.env.MAILPANEL_SECRET_KEY;

const NEW_PASSWORD = 'a brand new password 2';
const WRONG_PASSWORD = 'a wrong password typed 3';
const MAILBOX_PASSWORD = 'the mailbox password 4';
const CONFIRMED = { confirm: () => true };

afterEach(() => vi.restoreAllMocks());

/** Every console line from now on (the calls still go through, so unexpected errors still fail the test). */
function readConsole(): () => string {
  const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => vi.spyOn(console, level));
  return () => spies.flatMap((spy) => spy.mock.calls.map((args) => format(...args))).join('\n');
}

async function signIn(email: string, password: string) {
  const result = await verifyLogin(email, password, 'test-client');
  if (!result.ok) throw new Error(`sign-in refused: ${result.reason}`);
  return result.sessionId;
}

it('keeps passwords, hashes, keys, codes and the panel secret out of the logs and the audit log', { timeout: 60_000 }, async () => {
  const logged = readConsole();
  const admin = (await makeStaff('ADMIN')) as Actor & { userId: string };
  const email = admin.label;

  // Wrong passwords at the panel login and at the password form; then a real change.
  expect(await verifyLogin(email, WRONG_PASSWORD, 'test-client')).toMatchObject({ ok: false });
  const sessionId = await signIn(email, PASSWORD);
  const wrongOld = OwnPasswordForm.parse({ oldPassword: WRONG_PASSWORD, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
  await expect(changeOwnPassword(admin, sessionId, wrongOld)).rejects.toThrow();
  const change = OwnPasswordForm.parse({ oldPassword: PASSWORD, newPassword: NEW_PASSWORD, repeatPassword: NEW_PASSWORD });
  await changeOwnPassword(admin, sessionId, change);
  const me = await db().user.findUniqueOrThrow({ where: { id: admin.userId }, select: { passwordHash: true, sessionVersion: true } });
  const actor = { ...admin, sessionVersion: me.sessionVersion };

  // Two-factor enrolment and a sign-in finished with a wrong code and then a recovery code.
  const { key, uri } = await pendingEnrolment(actor);
  const recovery = await confirmEnrolment(actor, AuthenticatorCodeInput.parse({ code: totpCode(key) }));
  const halfOpen = await signIn(email, NEW_PASSWORD);
  await expect(completeSecondFactor(actor, halfOpen, SecondFactorInput.parse({ code: '000000' }))).rejects.toThrow();
  await completeSecondFactor(actor, halfOpen, SecondFactorInput.parse({ code: recovery[0] ?? '' }));

  // A mail host logged into with a pasted private key.
  const privateKey = generateSshIdentity('pasted').privateKey;
  const host = await createMailHost(actor, {
    name: unique('mx'),
    flavor: 'SENDMAIL',
    transport: 'SSH',
    mapDir: '/srv/maps',
    sshHost: '192.0.2.10',
    sshPort: 22,
    sshUser: 'mailpanel',
    sshHostKey: generateSshIdentity('host').publicKey,
    sshKey: 'paste',
    sshPrivateKey: privateKey,
  });
  const sealedKey = (await db().mailHost.findUniqueOrThrow({ where: { id: host.id }, select: { sshPrivateKey: true } })).sshPrivateKey;

  // A mailbox with its password, and a wrong guess at the postoffice login.
  const reseller = await makeReseller(actor, [host.id]);
  const customer = await makeCustomer(reseller.actor);
  const domain = await makeDomain(reseller.actor, customer.id, host.id, undefined, { approver: actor });
  const account = await createAccount(
    customer.actor,
    AccountInput.parse({ mailHostId: host.id, name: 'joe', password: MAILBOX_PASSWORD, quotaMb: 10, loginAddress: `joe@${domain.name}` }),
    CONFIRMED,
  );
  expect(await verifyMailboxLogin(`joe@${domain.name}`, WRONG_PASSWORD, 'test-client')).toMatchObject({ ok: false });
  const mailboxHash = (await db().account.findUniqueOrThrow({ where: { id: account.id }, select: { passwordHash: true } })).passwordHash;

  const audit = await db().auditEvent.findMany();
  const auditText = JSON.stringify(audit, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  expect(audit.map((e) => e.action)).toEqual(expect.arrayContaining(['auth.login_failed', 'mailHost.create', 'user.password_change']));

  const secrets: Record<string, string> = {
    'the old password': PASSWORD,
    'the new password': NEW_PASSWORD,
    'a wrong password': WRONG_PASSWORD,
    'the mailbox password': MAILBOX_PASSWORD,
    'the user password hash': me.passwordHash,
    'the mailbox password hash': mailboxHash,
    'the TOTP key': key,
    'the TOTP URI': uri,
    'the private key': privateKey,
    'the private key body': privateKey.split('\n')[1] ?? privateKey,
    'the sealed private key': sealedKey ?? '',
    'the panel secret': AUTH_SECRET,
    ...Object.fromEntries(recovery.map((code, i) => [`recovery code ${i + 1}`, code])),
  };
  for (const [what, value] of Object.entries(secrets)) {
    expect(value.length, what).toBeGreaterThan(5);
    expect(logged().includes(value), `${what} in the console output`).toBe(false);
    expect(auditText.includes(value), `${what} in the audit log`).toBe(false);
  }
});

it('redacts secrets from an unexpected error before logging it', async () => {
  // An unexpected error is logged whole; a database error can quote the values of its query.
  const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
  const privateKey = generateSshIdentity('quoted').privateKey;
  const hash = '{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo';
  const error = new Error(`Invalid update: { passwordHash: "${hash}", key: ${JSON.stringify(privateKey)}, secret: "${AUTH_SECRET}" }`);
  const state = actionError(new Error('wrapped', { cause: error }));
  expect(state.message).not.toContain('passwordHash');
  const text = logged.mock.calls.map((args) => format(...args)).join('\n');
  expect(text).toContain('Invalid update');
  for (const secret of [hash, '$argon2id$', privateKey.split('\n')[1] ?? privateKey, AUTH_SECRET]) expect(text).not.toContain(secret);
});
