import './server-only';
import type { Actor } from '../auth/actor';
import type { Tx } from '../db/client';
import { mailboxesReached } from '../mail/mailbox-addresses';
import { traceWith } from '../mail/resolve';
import type { AliasTarget } from '../mail/snapshot';
import { hostName } from '../mail/tenancy';
import { MAX_FORWARD_ADDRESSES, type ForwardForm } from '../validation/postoffice';
import { assertOwnTargets, targetRows } from './alias-targets';
import { DomainError } from './errors';
import { assertRoom } from './limits';
import { actorWords, loadMailboxAccount, mailboxAudit, mailboxLabel, type MailboxAccount } from './mailbox-account';
import { changeMail, type MailChangeOptions } from './mail-change';
import { reviewProbes } from './review-probes';
import { forwardAliasScope } from './scope';
import { askHost } from './host-nearby';

// A mailbox's forward is the alias with the account's own name (DOMAIN.md: an alias wins over the account
// of its name), its targets `\name` when a copy is kept (deliver to the account itself, no further
// aliasing), then the outside addresses. It is saved like any alias of the panel: under the host's lock,
// reviewed (loops, targets that refuse mail, addresses that change route) and confirmed, audited, published.

export async function setForward(actor: Actor, accountId: string, input: ForwardForm, options: MailChangeOptions): Promise<void> {
  const account = await loadMailboxAccount(actor, accountId, 'update');
  const refuse = (message: string): never => {
    throw new DomainError(message, { addresses: [message] });
  };
  if (input.addresses.length === 0) refuse('Enter at least one address to forward to.');
  if (input.addresses.length > MAX_FORWARD_ADDRESSES)
    refuse(`Forward to at most ${MAX_FORWARD_ADDRESSES} addresses (you gave ${input.addresses.length}).`);
  await refuseOwnAddresses(account, input.addresses);
  const targets: AliasTarget[] = [
    ...(input.keepCopy ? [{ kind: 'account' as const, name: account.name }] : []),
    ...input.addresses.map((address) => ({ kind: 'external' as const, address })),
  ];
  const label = mailboxLabel(account);
  await changeMail(actor, account.mailHostId, options, async (tx) => {
    await assertOwnTargets(tx, account.customer.id, account.mailHostId, targets);
    const existing = await forwardAlias(tx, actor, account);
    if (existing) {
      await tx.aliasTarget.deleteMany({ where: { alias: { AND: [forwardAliasScope(actor), { id: existing.id }] } } });
      await tx.aliasTarget.createMany({ data: targetRows(targets).map((t) => ({ ...t, aliasId: existing.id })) });
    } else {
      await assertRoom(tx, 'aliases', { ...account.customer }, 1, 'addresses');
      await tx.alias.create({
        data: {
          name: account.name,
          customerId: account.customer.id,
          mailHostId: account.mailHostId,
          targets: { create: targetRows(targets) },
        },
      });
    }
    const copy = input.keepCopy ? ', keeping a copy' : '';
    return {
      result: undefined,
      audit: mailboxAudit(account, 'mailbox.forward', {
        forward: input.addresses,
        keepCopy: input.keepCopy,
        summary: `${actorWords(actor)} set a forward of mailbox ${label} to ${input.addresses.join(', ')}${copy}`,
      }),
      probes: await reviewProbes(tx, { mailHostId: account.mailHostId, customerId: account.customer.id }, { names: [account.name] }, 50),
    };
  });
}

export async function clearForward(actor: Actor, accountId: string, options: MailChangeOptions): Promise<void> {
  const account = await loadMailboxAccount(actor, accountId, 'update');
  const label = mailboxLabel(account);
  await changeMail(actor, account.mailHostId, options, async (tx) => {
    const existing = await forwardAlias(tx, actor, account);
    if (!existing) throw new DomainError(`Mailbox ${label} does not forward its mail.`);
    const probes = await reviewProbes(
      tx,
      { mailHostId: account.mailHostId, customerId: account.customer.id },
      { names: [account.name] },
      50,
    );
    await tx.alias.deleteMany({ where: { AND: [forwardAliasScope(actor), { id: existing.id }] } });
    return {
      result: undefined,
      audit: mailboxAudit(account, 'mailbox.forward', {
        forward: [],
        summary: `${actorWords(actor)} removed the forward of mailbox ${label}`,
      }),
      probes,
    };
  });
}

/**
 * The alias with the account's name, read under the host's lock. One that also sends mail to other names
 * of the customer is more than a forward: it is the customer's to change on its aliases page, not here.
 */
async function forwardAlias(tx: Tx, actor: Actor, account: MailboxAccount) {
  const alias = await tx.alias.findFirst({
    where: { AND: [forwardAliasScope(actor), { customerId: account.customer.id, mailHostId: account.mailHostId, name: account.name }] },
    select: { id: true, targets: { select: { kind: true } } },
  });
  if (alias?.targets.some((t) => t.kind === 'LOCAL'))
    throw new DomainError(
      `Mail to ${account.name} also goes to other mailboxes through an alias your provider set up: ask them to change it.`,
      { addresses: ["This mailbox's mail is shared out by an alias: ask your provider to change it."] },
    );
  return alias;
}

/**
 * A forward to an address of the mailbox itself sends the mail round in a circle: said plainly here,
 * rather than as the loop the review would find. (`\name` is how a copy is kept.)
 */
async function refuseOwnAddresses(account: MailboxAccount, addresses: string[]): Promise<void> {
  const mailbox = hostName(account.customer.mailTag, account.name);
  // Asked of the part of the host the addresses reach (lib/data/host-nearby.ts), not of the whole host.
  const own = await askHost(account.mailHostId, (snapshot) =>
    addresses.filter((a) => mailboxesReached(traceWith(snapshot, a, snapshot.host.flavor)).includes(mailbox)),
  );
  if (own.length === 0) return;
  const message = `${own.join(', ')} ${own.length === 1 ? 'is an address' : 'are addresses'} of this mailbox: mail forwarded there would come straight back. To keep a copy here, tick "Keep a copy".`;
  throw new DomainError(message, { addresses: [message] });
}
