import './server-only';
import type { Actor } from '../auth/actor';
import { hashMailboxPassword } from '../auth/mailbox-password';
import { checkMailboxPassword } from '../mail/mailbox-password';
import { db, type Tx } from '../db/client';
import type { AccountInput, AccountUpdateInput } from '../validation/accounts';
import { DomainError, NotFoundError } from './errors';
import { assertCan } from './guard';
import { assertQuotaRoom, assertRoom, type LimitedCustomer } from './limits';
import { changeMail, type MailChangeOptions } from './mail-change';
import { reviewProbes } from './review-probes';
import { removeAccountLeftovers } from './account-leftovers';
import { hostFor, ownerFor } from './mail-owner';
import { accountScope, domainScope, ofCustomer } from './scope';
import { isUniqueViolation } from './unique';
import { hostName } from '../mail/tenancy';
import { MAX_HOST_NAME_LENGTH } from '../mail/names';
import { traceAddress } from '../mail/resolve';
import { askHost } from './host-nearby';
import { changedFields } from './audit-changes';
import { assertUnchanged } from './edit-version';

// User/POP accounts: a local recipient on their host and a Dovecot login (DOMAIN.md, the model).

export async function getAccount(actor: Actor, id: string) {
  const account = await db().account.findFirst({
    where: { AND: [accountScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      quotaMb: true,
      enabled: true,
      createdAt: true,
      updatedAt: true,
      mailHostId: true,
      loginAddress: true,
      legacyLogin: true,
      mailbox: true,
      customer: { select: { id: true, name: true, resellerId: true, mailTag: true } },
      mailHost: { select: { name: true, flavor: true } },
    },
  });
  if (!account) throw new NotFoundError('That account');
  assertCan(actor, 'read', { type: 'account', resellerId: account.customer.resellerId, customerId: account.customer.id });
  const addresses = await ownAddresses(account);
  // What the host calls it and where its mail is kept: for operators, who debug on the host.
  const onHost =
    actor.kind === 'admin' || actor.kind === 'support'
      ? { hostName: hostName(account.customer.mailTag, account.name), mailbox: account.mailbox }
      : null;
  const {
    mailbox: _mailbox,
    customer: { mailTag: _tag, ...customer },
    ...rest
  } = account;
  return { ...rest, customer, onHost, addresses };
}

/** The addresses that name the account directly (its own virtmaps), on the customer's domains of its host. */
async function ownAddresses(account: { name: string; mailHostId: string; customer: { id: string } }): Promise<string[]> {
  const addresses = await db().virtmap.findMany({
    where: {
      targetKind: 'LOCAL',
      targetValue: account.name,
      domain: { ...ofCustomer(account.customer.id), mailHostId: account.mailHostId },
    },
    select: { localPart: true, domain: { select: { name: true } } },
    orderBy: [{ domain: { name: 'asc' } }, { localPart: 'asc' }],
  });
  return addresses.map((a) => (a.localPart ? `${a.localPart}@${a.domain.name}` : `@${a.domain.name}`));
}

/** Creates an account and, when asked, its address `name@domain → name` in the same step. */
export async function createAccount(actor: Actor, input: AccountInput, options: MailChangeOptions) {
  const passwordHash = await hashMailboxPassword(input.password);
  const customer = await db().$transaction((tx) => ownerFor(tx, actor, 'account', input.customerId));
  const host = await db().$transaction((tx) => hostFor(tx, customer, input.mailHostId));
  try {
    return await changeMail(actor, host.id, options, async (tx) => {
      await ownerFor(tx, actor, 'account', customer.id); // again under the lock: suspended or moved meanwhile?
      await assertRoom(tx, 'accounts', customer);
      await assertQuotaRoom(tx, customer, input.quotaMb);
      const account = await insertAccount(tx, { ...input, passwordHash }, customer, host.id);
      const address = input.addressDomainId ? await addAddress(tx, actor, customer, host.id, input.addressDomainId, account.name) : null;
      // Its POP/IMAP login is an address (docs/tenancy.md), what every mail client expects: the one made
      // with it, else its name at the customer's first domain on the host; the account page changes it.
      const login = address ?? (await defaultLogin(tx, host.id, customer.id, account.name));
      if (login) await tx.account.update({ where: { id: account.id }, data: { loginAddress: login } });
      return {
        result: account,
        audit: {
          action: 'account.create',
          targetType: 'account',
          targetId: account.id,
          resellerId: customer.resellerId,
          customerId: customer.id,
          details: {
            name: account.name,
            host: host.name,
            quotaMb: input.quotaMb,
            address,
            after: { quotaMb: input.quotaMb, enabled: true },
          },
        },
        // Its new address first, then its name at the customer's other domains (at most 50 read).
        probes: await reviewProbes(
          tx,
          { mailHostId: host.id, customerId: customer.id },
          { names: [account.name], first: address?.slice(address.lastIndexOf('@') + 1) },
          50,
        ),
      };
    });
  } catch (error) {
    throw nameTakenAsDomainError(error, input.name, host.name);
  }
}

/** The account's row, with a mailbox directory of its own on the host. */
async function insertAccount(
  tx: Tx,
  input: { name: string; passwordHash: string; quotaMb: number },
  customer: { id: string; mailTag: string },
  mailHostId: string,
) {
  return tx.account.create({
    data: {
      name: input.name,
      passwordHash: input.passwordHash,
      quotaMb: input.quotaMb,
      customerId: customer.id,
      mailHostId,
      mailbox: await freeMailbox(tx, mailHostId, hostName(customer.mailTag, input.name)),
    },
    select: { id: true, name: true },
  });
}

/** The account name taken on the host, in the user's words; any other error as it is. */
function nameTakenAsDomainError(error: unknown, name: string, hostName: string): unknown {
  if (!isUniqueViolation(error, 'name')) return error;
  const taken = `You have an account named ${name} on ${hostName} already.`;
  return new DomainError(taken, { name: [taken] });
}

async function addAddress(tx: Tx, actor: Actor, customer: LimitedCustomer<'virtmaps'>, mailHostId: string, domainId: string, name: string) {
  const domain = await tx.domain.findFirst({
    where: { AND: [domainScope(actor), ofCustomer(customer.id), { id: domainId }] },
    select: { id: true, name: true, mailHostId: true },
  });
  if (!domain)
    throw new DomainError("Choose one of the customer's domains for the address.", {
      addressDomainId: ["Choose one of the customer's domains."],
    });
  if (domain.mailHostId !== mailHostId) {
    throw new DomainError(`${domain.name} is on another mail host than the account.`, {
      addressDomainId: ["Choose a domain on the account's mail host."],
    });
  }
  await assertRoom(tx, 'virtmaps', customer);
  const existing = await tx.virtmap.findUnique({
    where: { domainId_localPart: { domainId: domain.id, localPart: name } },
    select: { id: true },
  });
  if (existing)
    throw new DomainError(`${name}@${domain.name} exists already.`, { addressDomainId: [`${name}@${domain.name} exists already.`] });
  await tx.virtmap.create({ data: { domainId: domain.id, localPart: name, targetKind: 'LOCAL', targetValue: name } });
  return `${name}@${domain.name}`;
}

export async function updateAccount(actor: Actor, id: string, input: AccountUpdateInput, options: MailChangeOptions) {
  const current = await loadForChange(actor, id, 'update');
  const passwordHash = input.password ? await newPasswordHash(input.password, current.name) : undefined;
  const login =
    input.loginAddress && input.loginAddress !== current.loginAddress ? await checkedLogin(current, input.loginAddress) : undefined;
  await changeMail(actor, current.mailHostId, options, async (tx) => {
    // The quota in force now, read under the host lock: two concurrent edits cannot both add to the total.
    const now = await tx.account.findUniqueOrThrow({
      where: { id: current.id },
      select: { quotaMb: true, enabled: true, updatedAt: true },
    });
    assertUnchanged(now, input.version, `Account ${current.name}`);
    await assertQuotaRoom(tx, current.customer, input.quotaMb - now.quotaMb);
    await tx.account.updateMany({
      where: { AND: [accountScope(actor), { id: current.id }] },
      // A new login address ends the bare-name login kept from before tenancy ("until its customer changes it").
      data: {
        quotaMb: input.quotaMb,
        enabled: input.enabled,
        ...(passwordHash ? { passwordHash } : {}),
        ...(login ? { loginAddress: login, legacyLogin: null } : {}),
      },
    });
    return {
      result: undefined,
      audit: {
        action: 'account.update',
        targetType: 'account',
        targetId: current.id,
        resellerId: current.customer.resellerId,
        customerId: current.customer.id,
        details: {
          name: current.name,
          quotaMb: input.quotaMb,
          enabled: input.enabled,
          passwordChanged: Boolean(passwordHash),
          ...(login ? { login } : {}),
          // What undo needs (lib/mail/undo.ts): the settings this edit changed, before and after.
          ...changedFields({ quotaMb: now.quotaMb, enabled: now.enabled }, { quotaMb: input.quotaMb, enabled: input.enabled }),
        },
      },
      probes: await reviewProbes(tx, { mailHostId: current.mailHostId, customerId: current.customer.id }, { names: [current.name] }, 50),
    };
  });
}

/** The hash of a new mailbox password, once it passes the mailbox password rules. */
async function newPasswordHash(password: string, accountName: string): Promise<string> {
  const policy = checkMailboxPassword(password, accountName);
  if (!policy.ok) throw new DomainError(policy.problems.join(' '), { password: policy.problems });
  return hashMailboxPassword(password);
}

/**
 * Deletes an account (never silently: deleting always shows which addresses stop working). Its own
 * addresses go with it and it is taken out of aliases that also send elsewhere, in the same reviewed step
 * (lib/data/account-leftovers.ts); the review lists both before anything is saved.
 */
export async function deleteAccount(actor: Actor, id: string, options: MailChangeOptions): Promise<string> {
  const current = await loadForChange(actor, id, 'delete');
  await changeMail(actor, current.mailHostId, { ...options, alwaysConfirm: true }, async (tx) => ({
    result: undefined,
    ...(await accountDeletion(tx, actor, current)),
  }));
  return current.name;
}

interface DeletedAccount {
  id: string;
  name: string;
  mailHostId: string;
  customer: { id: string; resellerId: string };
}

/**
 * The writes of deleting one loaded account, inside a reviewed change (its own or a bulk one): its
 * addresses go with it, it is taken out of aliases; the audit entry and the addresses the review compares.
 */
export async function accountDeletion(tx: Tx, actor: Actor, current: DeletedAccount) {
  const owner = { mailHostId: current.mailHostId, customerId: current.customer.id };
  const named = await reviewProbes(tx, owner, { names: [current.name] }, 50);
  const left = await removeAccountLeftovers(tx, current);
  await tx.account.deleteMany({ where: { AND: [accountScope(actor), { id: current.id }] } });
  // The deleted addresses (their local parts may differ from the name), and the trimmed aliases' names.
  const more = left.aliasesTrimmed.length ? await reviewProbes(tx, owner, { names: left.aliasesTrimmed }, 50) : [];
  const addresses = left.addresses.filter((a) => !a.startsWith('@'));
  return {
    audit: {
      action: 'account.delete',
      targetType: 'account',
      targetId: current.id,
      resellerId: current.customer.resellerId,
      customerId: current.customer.id,
      details: {
        name: current.name,
        mailHostId: current.mailHostId,
        addressesDeleted: left.addresses,
        aliasesTrimmed: left.aliasesTrimmed,
      },
    },
    probes: [...new Set([...addresses, ...named, ...more])],
    notes: left.notes,
  };
}

/** `name@<the customer's first domain on the host>`, unless another account logs in with it already. */
async function defaultLogin(tx: Tx, mailHostId: string, customerId: string, name: string): Promise<string | null> {
  const domain = await tx.domain.findFirst({
    where: { ...ofCustomer(customerId), mailHostId, enabled: true, verifiedAt: { not: null } },
    orderBy: { name: 'asc' },
    select: { name: true },
  });
  if (!domain) return null;
  const login = `${name}@${domain.name}`;
  return (await tx.account.count({ where: { loginAddress: login } })) === 0 ? login : null;
}

/**
 * The mailbox directory of a new account: its host-level name, unless a directory of that name is kept
 * by an account from before tenancy (those keep their bare names: lib/mail/tenancy.ts).
 */
export async function freeMailbox(tx: Tx, mailHostId: string, wanted: string): Promise<string> {
  const taken = new Set(
    (await tx.account.findMany({ where: { mailHostId, mailbox: { startsWith: wanted.slice(0, 70) } }, select: { mailbox: true } })).map(
      (a) => a.mailbox,
    ),
  );
  if (!taken.has(wanted)) return wanted;
  // A numbered one, cut so that it stays within a host name's 77 characters (the database's CHECK).
  for (let n = 2; ; n += 1) {
    const candidate = `${wanted.slice(0, MAX_HOST_NAME_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

/**
 * A login address the account may take: on one of its customer's domains on its host, delivering to this
 * account (its primary address), and not another account's login.
 */
async function checkedLogin(account: Awaited<ReturnType<typeof loadForChange>>, login: string): Promise<string> {
  const at = login.lastIndexOf('@');
  const domain = await db().domain.findFirst({
    where: { ...ofCustomer(account.customer.id), name: login.slice(at + 1), mailHostId: account.mailHostId },
    select: { id: true },
  });
  const refuse = (message: string): never => {
    throw new DomainError(message, { loginAddress: [message] });
  };
  if (!domain) refuse(`The login must be an address at one of ${account.customer.name}'s domains on this mail host.`);
  // Asked of the part of the host the address reaches (lib/data/host-nearby.ts), not of the whole host.
  const reached = await askHost(account.mailHostId, (snapshot) =>
    traceAddress(snapshot, login).deliveries.some(
      (d) => d.kind === 'account' && d.name === hostName(account.customer.mailTag, account.name),
    ),
  );
  if (!reached)
    refuse(`Mail to ${login} does not reach the account ${account.name}: give the account that address first, then make it the login.`);
  if (await db().account.count({ where: { loginAddress: login, NOT: { id: account.id } } }))
    refuse(`Another of your accounts logs in with ${login}.`);
  return login;
}

async function loadForChange(actor: Actor, id: string, action: 'update' | 'delete') {
  const account = await db().account.findFirst({
    where: { AND: [accountScope(actor), { id }] },
    select: {
      id: true,
      name: true,
      quotaMb: true,
      mailHostId: true,
      loginAddress: true,
      customer: { select: { id: true, name: true, resellerId: true, maxQuotaMb: true, mailTag: true } },
    },
  });
  if (!account) throw new NotFoundError('That account');
  assertCan(actor, action, { type: 'account', resellerId: account.customer.resellerId, customerId: account.customer.id });
  return account;
}
