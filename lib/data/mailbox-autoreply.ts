import './server-only';
import type { Actor } from '../auth/actor';
import { autoreplyProblems } from '../mail/autoreply';
import type { AutoreplyForm } from '../validation/postoffice';
import { DomainError } from './errors';
import { actorWords, loadMailboxAccount, mailboxAudit, mailboxLabel } from './mailbox-account';
import { changeMail, type MailChangeOptions } from './mail-change';
import { accountScope } from './scope';

// A mailbox's autoreply (vacation) is part of the host's data like its password: saved through changeMail
// so the host is marked changed and the next publish carries the Sieve script. The audit names the
// subject and the days, never the text (it is the owner's letter, not the operator's business).

export async function setAutoreply(actor: Actor, accountId: string, input: AutoreplyForm, options: MailChangeOptions): Promise<void> {
  const account = await loadMailboxAccount(actor, accountId, 'update');
  // The form's rules again: a caller that did not parse the form (the CLI, a test) is held to them too.
  const problems = autoreplyProblems({
    subject: input.subject,
    text: input.text,
    ...(input.startsOn !== null ? { startsOn: input.startsOn } : {}),
    ...(input.endsOn !== null ? { endsOn: input.endsOn } : {}),
    days: input.days,
  });
  if (problems.length > 0) {
    const fieldErrors: Record<string, string[]> = {};
    for (const p of problems) (fieldErrors[p.field] ??= []).push(p.message);
    throw new DomainError(problems.map((p) => p.message).join(' '), fieldErrors);
  }
  const row = {
    subject: input.subject,
    body: input.text,
    startsOn: input.startsOn === null ? null : new Date(`${input.startsOn}T00:00:00Z`),
    endsOn: input.endsOn === null ? null : new Date(`${input.endsOn}T00:00:00Z`),
    days: input.days,
  };
  const label = mailboxLabel(account);
  await changeMail(actor, account.mailHostId, options, async (tx) => {
    await tx.autoreply.upsert({ where: { accountId: account.id }, create: { accountId: account.id, ...row }, update: row });
    const when = [input.startsOn && `from ${input.startsOn}`, input.endsOn && `until ${input.endsOn}`].filter(Boolean).join(' ');
    return {
      result: undefined,
      audit: mailboxAudit(account, 'mailbox.autoreply', {
        subject: input.subject,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
        days: input.days,
        summary: `${actorWords(actor)} set an autoreply for mailbox ${label}${when ? ` ${when}` : ''}`,
      }),
      probes: [],
    };
  });
}

export async function clearAutoreply(actor: Actor, accountId: string, options: MailChangeOptions): Promise<void> {
  const account = await loadMailboxAccount(actor, accountId, 'update');
  const label = mailboxLabel(account);
  await changeMail(actor, account.mailHostId, options, async (tx) => {
    const { count } = await tx.autoreply.deleteMany({ where: { accountId: account.id, account: accountScope(actor) } });
    if (count === 0) throw new DomainError(`Mailbox ${label} has no autoreply.`);
    return {
      result: undefined,
      audit: mailboxAudit(account, 'mailbox.autoreply', { summary: `${actorWords(actor)} removed the autoreply of mailbox ${label}` }),
      probes: [],
    };
  });
}
