import './server-only';
import { logUnexpected } from './log-unexpected';
import type { Actor } from '../auth/actor';
import { burnMailboxPasswordCheck, hashMailboxPassword, mailboxHashNeedsRehash, verifyMailboxPassword } from '../auth/mailbox-password';
import { db } from '../db/client';
import { soleMailbox } from '../mail/mailbox-addresses';
import { normalizeDomainName } from '../mail/domain-name';
import { splitAddress } from '../mail/targets';
import { recordAudit } from './audit';
import { beginLoginAttempt, endLoginAttempt, recordFailedLogin } from './login-throttle';
import { changeMail } from './mail-change';
import { askHost } from './host-nearby';

// The postoffice login: a mailbox's owner signs in with an address of the mailbox and its POP/IMAP password,
// and gets a session for that one account (the `mailbox` actor). As for the panel (lib/data/sessions.ts),
// the session holds only the account id and its sessionVersion; loadMailboxActor re-reads the account on
// every request, so disabling it (or its login's domain) or suspending its customer ends the session on the next click.

/** What a failed postoffice login is audited as, and counted by (lib/data/login-throttle.ts). */
export const MAILBOX_LOGIN_FAILED = 'postoffice.login_failed';

export type MailboxLoginResult =
  { ok: true; accountId: string; sessionVersion: number } | { ok: false; reason: 'invalid' | 'disabled' | 'throttled' };

const ACCOUNT = {
  id: true,
  name: true,
  enabled: true,
  passwordHash: true,
  sessionVersion: true,
  loginAddress: true,
  mailHostId: true,
  customerId: true,
  customer: { select: { status: true, resellerId: true, reseller: { select: { status: true } } } },
} as const;

export async function verifyMailboxLogin(addressTyped: string, password: string, client = 'unknown'): Promise<MailboxLoginResult> {
  const address = asLogin(addressTyped);
  const account = await accountOfAddress(address);
  // Counted per mailbox too (targetId): a mailbox answers at several addresses (webmaster@,
  // joe+anything@), and a guesser must not get ten tries at each.
  const attempt = await beginLoginAttempt({
    kind: MAILBOX_LOGIN_FAILED,
    login: address,
    targetId: account?.id,
    client,
    signedInAs: { action: 'postoffice.login', targetIds: account ? [account.id] : [] },
  });
  if (attempt === null) return { ok: false, reason: 'throttled' };
  // One password check whether or not the address names a mailbox, so the time taken does not tell.
  const matches = account ? await verifyMailboxPassword(account.passwordHash, password) : (await burnMailboxPasswordCheck(password), false);
  await endLoginAttempt(attempt, account && matches ? 'password-matched' : 'wrong-password');
  if (!account || !matches) {
    const named = account && {
      role: 'MAILBOX' as const,
      targetId: account.id,
      resellerId: account.customer.resellerId,
      customerId: account.customerId,
    };
    await recordFailedLogin({ action: MAILBOX_LOGIN_FAILED, login: address, client, targetType: 'account', named: named ?? undefined });
    return { ok: false, reason: 'invalid' };
  }
  // Told only to whoever knows the password, as Dovecot does ("Login disabled for this user").
  if (!isActive(account) || !(await domainEnabled(address))) return { ok: false, reason: 'disabled' };
  const actor = mailboxActor(account, address);
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'postoffice.login',
      targetType: 'account',
      targetId: account.id,
      resellerId: account.customer.resellerId,
      customerId: account.customerId,
      details: { client, login: account.loginAddress ?? address },
    }),
  );
  // Best effort: the owner is signed in either way, and the next login tries again.
  if (mailboxHashNeedsRehash(account.passwordHash))
    await rehash(actor, account, password).catch((error: unknown) => logUnexpected('[postoffice] rehash failed', error, 'warn'));
  return { ok: true, accountId: account.id, sessionVersion: account.sessionVersion };
}

/** The address as logins are stored: lower case, the domain as its A-label (bücher.example → xn--bcher-kva.example). */
function asLogin(typed: string): string {
  const address = typed.trim().toLowerCase();
  const parts = splitAddress(address);
  const domain = parts && normalizeDomainName(parts.domain);
  return parts && domain?.ok ? `${parts.local}@${domain.value}` : address;
}

/**
 * The account an address signs in to: the account whose login it is, else the one account its mail is
 * delivered into on its host (an address that reaches several mailboxes, or none, signs in to none).
 */
async function accountOfAddress(address: string) {
  const byLogin = await db().account.findUnique({ where: { loginAddress: address }, select: ACCOUNT });
  if (byLogin) return byLogin;
  const domainName = splitAddress(address)?.domain;
  if (!domainName) return null;
  const domain = await db().domain.findFirst({
    where: { name: domainName, enabled: true, verifiedAt: { not: null } },
    select: { mailHostId: true, customerId: true, customer: { select: { mailTag: true } } },
  });
  if (!domain) return null;
  // Asked of the part of the host the address reaches (lib/data/host-nearby.ts): a sign-in must not read a whole host.
  const mailbox = await askHost(domain.mailHostId, (snapshot) => soleMailbox(snapshot, address));
  const prefix = `${domain.customer.mailTag}-`;
  // Tenancy keeps a domain's mail within its customer (docs/tenancy.md): the mailbox is one of its names.
  if (!mailbox?.startsWith(prefix)) return null;
  return db().account.findFirst({
    where: { mailHostId: domain.mailHostId, customerId: domain.customerId, name: mailbox.slice(prefix.length) },
    select: ACCOUNT,
  });
}

type LoginAccount = NonNullable<Awaited<ReturnType<typeof accountOfAddress>>>;

function isActive(account: Pick<LoginAccount, 'enabled' | 'customer'>): boolean {
  return account.enabled && account.customer.status === 'ACTIVE' && account.customer.reseller.status === 'ACTIVE';
}

/** The typed address's domain is switched on (a customer that switches a domain off closes its logins too). */
async function domainEnabled(address: string): Promise<boolean> {
  const domain = splitAddress(address)?.domain ?? '';
  return (await db().domain.count({ where: { name: domain, enabled: true } })) === 1;
}

function mailboxActor(account: Pick<LoginAccount, 'id' | 'customerId' | 'customer'>, label: string): Actor {
  return { kind: 'mailbox', label, accountId: account.id, customerId: account.customerId, resellerId: account.customer.resellerId };
}

/** A hash at older costs is replaced while the owner's password is at hand (docs/dovecot.md), and published. */
async function rehash(actor: Actor, account: LoginAccount, password: string): Promise<void> {
  const passwordHash = await hashMailboxPassword(password);
  await changeMail(actor, account.mailHostId, { confirm: () => true }, async (tx) => {
    await tx.account.updateMany({ where: { id: account.id, customerId: account.customerId }, data: { passwordHash } });
    return {
      result: undefined,
      audit: {
        action: 'mailbox.rehash',
        targetType: 'account',
        targetId: account.id,
        resellerId: account.customer.resellerId,
        customerId: account.customerId,
        details: { mailbox: actor.label },
      },
      probes: [],
    };
  });
}

/**
 * The mailbox actor behind a postoffice session, or null: account gone or disabled, tenant suspended, the
 * domain of its login address switched off (it could not sign in again either), session stale.
 */
export async function loadMailboxActor(accountId: string, sessionVersion: number): Promise<Actor | null> {
  const account = await db().account.findUnique({
    where: { id: accountId },
    select: { ...ACCOUNT, passwordHash: false },
  });
  if (!account || !isActive(account) || account.sessionVersion !== sessionVersion) return null;
  if (account.loginAddress !== null && !(await domainEnabled(account.loginAddress))) return null;
  return mailboxActor(account, account.loginAddress ?? account.name);
}

/** Signing out of the postoffice: the cookie is cleared by Auth.js; the event is audited. Other sessions stay. */
export async function recordMailboxLogout(actor: Actor): Promise<void> {
  if (actor.kind !== 'mailbox') return;
  await db().$transaction((tx) =>
    recordAudit(tx, actor, {
      action: 'postoffice.logout',
      targetType: 'account',
      targetId: actor.accountId,
      resellerId: actor.resellerId,
      customerId: actor.customerId,
    }),
  );
}
