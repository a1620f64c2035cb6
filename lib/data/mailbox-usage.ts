import './server-only';
import type { Actor } from '../auth/actor';
import { db } from '../db/client';
import { hostName } from '../mail/tenancy';
import { parseQuotaGet } from '../mailmaps/dovecot-quota';
import { hostSettingsOf, openTransport, type HostConnection } from '../transport/open-transport';
import type { Transport } from '../transport/transport';
import { NotFoundError } from './errors';
import { assertCan } from './guard';
import type { MailboxUsage } from './postoffice';
import { accountScope } from './scope';
import { HOST_CONNECTION } from './sync-host-state';

// A mailbox's usage as its mail host's Dovecot reports it, for /postoffice and the account page: the
// host's `quotaGet` command (`doveadm quota get -u <name on the host>`) run through its transport, no
// shell, and its table read by lib/mailmaps/dovecot-quota.ts. Dovecot's count is the truth (the panel
// stores no usage): one call costs ~60 ms on a local host (docs/dovecot.md, "Reading a mailbox's usage").
// Whatever goes wrong on the way to the host is an answer (`ok: false` with a sentence), never a throw:
// a page shows it beside the quota.

/** A page waits for this at most; doveadm answers in ~60 ms, an SSH connection in well under a second. */
export const QUOTA_TIMEOUT_MS = 10_000;

export async function readMailboxUsage(actor: Actor, accountId: string): Promise<MailboxUsage> {
  const account = await loadAccount(actor, accountId);
  const user = hostName(account.customer.mailTag, account.name);
  // A mailbox owner reads a plain sentence; the panel's users also read what the host said, to fix it.
  const detail = actor.kind !== 'mailbox';
  const answer = await askHost(account.mailHost, user, detail);
  return { ...answer, readAt: new Date() };
}

/**
 * The account, if the actor may read it: accountScope holds a mailbox user to its own account, the panel
 * to its tenant; `can` with the account's id, as for every postoffice function (lib/data/mailbox-account.ts).
 */
async function loadAccount(actor: Actor, accountId: string) {
  const account = await db().account.findFirst({
    where: { AND: [accountScope(actor), { id: accountId }] },
    select: {
      id: true,
      name: true,
      customer: { select: { id: true, resellerId: true, mailTag: true } },
      mailHost: { select: HOST_CONNECTION },
    },
  });
  if (!account) throw new NotFoundError('That mailbox');
  assertCan(actor, 'read', {
    type: 'account',
    resellerId: account.customer.resellerId,
    customerId: account.customer.id,
    accountId: account.id,
  });
  return account;
}

type Answer = { ok: true; usedKb: number; limitKb: number | null; messages: number } | { ok: false; reason: string };

async function askHost(host: HostConnection, user: string, detail: boolean): Promise<Answer> {
  const failed = (sentence: string, why: string): Answer => ({ ok: false, reason: detail ? `${sentence} ${why}` : sentence });
  let argv: string[];
  try {
    argv = hostSettingsOf(host).commands.quotaGet.argv.map((arg) => arg.replaceAll('{user}', user));
  } catch {
    return failed('The usage cannot be read: the settings of the mail host are not valid.', `Fix them on the page of ${host.name}.`);
  }
  let transport: Transport;
  try {
    transport = await openTransport(host);
  } catch (error) {
    // Its messages name the host already ("mx1: …" or "ssh user@host:port: connect: …").
    return failed('The mail host could not be reached to read the usage.', messageOf(error));
  }
  try {
    const result = await transport.run(argv, { timeoutMs: QUOTA_TIMEOUT_MS });
    if (result.code !== 0) {
      const said = firstLine(result.stderr) || firstLine(result.stdout) || `exit ${result.code}`;
      // 67 (EX_NOUSER): the published passwd-file does not hold the name yet.
      if (result.code === 67) return failed('The mailbox is not on the mail host yet; its usage shows once it is published.', said);
      return failed('The mail host did not say the usage.', `${argv[0] ?? ''} exited ${result.code}: ${said}`);
    }
    const parsed = parseQuotaGet(result.stdout);
    if (!parsed.ok) return failed('The mail host did not say the usage.', parsed.problems.join(' '));
    const { usedKb, limitKb, messages } = parsed.value;
    return { ok: true, usedKb, limitKb, messages };
  } catch (error) {
    return failed('The mail host could not be reached to read the usage.', `${host.name}: ${messageOf(error)}`);
  } finally {
    await transport.close().catch(() => undefined);
  }
}

function firstLine(text: string): string {
  return (
    text
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? ''
  );
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
