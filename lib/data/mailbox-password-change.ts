import './server-only';
import type { Actor } from '../auth/actor';
import { hashMailboxPassword, verifyMailboxPassword } from '../auth/mailbox-password';
import { checkNewMailboxPassword } from '../mail/password-strength';
import type { PasswordChangeForm } from '../validation/postoffice';
import { DomainError, ForbiddenError } from './errors';
import { isThrottled, recordFailedLogin } from './login-throttle';
import { actorWords, loadMailboxAccount, mailboxAudit, mailboxLabel } from './mailbox-account';
import { MAILBOX_LOGIN_FAILED } from './mailbox-sessions';
import { changeMail } from './mail-change';
import { accountScope } from './scope';

// A mailbox's owner (or whoever holds the account in the panel) changes its POP/IMAP password by giving the
// current one. A wrong current password counts as a failed login of the mailbox: the form is a guessing
// oracle otherwise, for anyone who finds an open session.

/** The "client" wrong current passwords are counted under (lib/data/login-throttle.ts). */
const PASSWORD_FORM = 'postoffice password form';

/** Checks the old password and the strength of the new one; hashes, publishes; returns the new sessionVersion. */
export async function changeMailboxPassword(actor: Actor, accountId: string, input: PasswordChangeForm): Promise<number> {
  // The password is the owner's secret: support acting as the mailbox neither learns nor sets it.
  if (actor.kind === 'mailbox' && actor.actingAs) throw new ForbiddenError();
  const account = await loadMailboxAccount(actor, accountId, 'update');
  const label = mailboxLabel(account);
  const refuse = (field: 'oldPassword' | 'newPassword', problems: string[]): never => {
    throw new DomainError(problems.join(' '), { [field]: problems });
  };
  if (await isThrottled(MAILBOX_LOGIN_FAILED, { targetId: account.id }, PASSWORD_FORM))
    refuse('oldPassword', ['Too many failed attempts. Wait 15 minutes and try again.']);
  if (!(await verifyMailboxPassword(account.passwordHash, input.oldPassword))) {
    await recordFailedLogin({
      action: MAILBOX_LOGIN_FAILED,
      login: label,
      client: PASSWORD_FORM,
      targetType: 'account',
      named: { role: 'MAILBOX', targetId: account.id, resellerId: account.customer.resellerId, customerId: account.customer.id },
    });
    refuse('oldPassword', ['That is not the current password of this mailbox.']);
  }
  if (input.newPassword === input.oldPassword) refuse('newPassword', ['Choose a password other than the current one.']);
  const checked = checkNewMailboxPassword(input.newPassword, { address: account.loginAddress, name: account.name });
  if (!checked.ok) refuse('newPassword', checked.problems);
  const passwordHash = await hashMailboxPassword(input.newPassword);
  // Published like any change of the host's data: the passwd-file Dovecot reads holds the hash.
  return changeMail(actor, account.mailHostId, { confirm: () => true }, async (tx) => {
    await tx.account.updateMany({
      where: { AND: [accountScope(actor), { id: account.id }] },
      // Every session of the mailbox ends, this browser's too: the caller signs it in again.
      data: { passwordHash, sessionVersion: { increment: 1 } },
    });
    const { sessionVersion } = await tx.account.findUniqueOrThrow({ where: { id: account.id }, select: { sessionVersion: true } });
    return {
      result: sessionVersion,
      audit: mailboxAudit(account, 'mailbox.password', { summary: `${actorWords(actor)} changed the password of mailbox ${label}` }),
      probes: [],
    };
  });
}
