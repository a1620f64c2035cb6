import './server-only';
import type { Actor } from '../auth/actor';
import { checkNewLoginPassword } from '../auth/login-password';
import { hashPassword, verifyPassword } from '../auth/password';
import { db } from '../db/client';
import type { ChosenPasswordForm, OwnPasswordForm } from '../validation/logins';
import { recordAudit } from './audit';
import { DomainError, ForbiddenError } from './errors';
import { isThrottled, recordFailedLogin } from './login-throttle';
import { FAILED_LOGIN } from './sessions';
import { endSessionsOf, ownAudit } from './user-sessions';

// A panel user changes its own password ("My account"), or chooses one after someone reset its login. The
// row is always the actor's own (its id in every where): nobody changes another's password here. As the
// postoffice's change (lib/data/mailbox-password-change.ts): a wrong current password counts as a failed
// login of the user, since an open session would otherwise be a guessing oracle; every other session of
// the user ends, this one stays signed in.

/** The "client" wrong current passwords are counted under (lib/data/login-throttle.ts). */
const PASSWORD_FORM = 'panel password form';

type Field = 'oldPassword' | 'newPassword';
const refuse = (field: Field, problems: string[]): never => {
  throw new DomainError(problems.join(' '), { [field]: problems });
};

/** Checks the current password and the new one's strength, saves it, ends the other sessions; how many ended. */
export async function changeOwnPassword(actor: Actor, sessionId: string, input: OwnPasswordForm): Promise<number> {
  const user = await ownLogin(actor);
  if (await isThrottled(FAILED_LOGIN, { targetId: user.id }, PASSWORD_FORM))
    refuse('oldPassword', ['Too many failed attempts. Wait 15 minutes and try again.']);
  if (!(await verifyPassword(user.passwordHash, input.oldPassword))) {
    await recordFailedLogin({
      action: FAILED_LOGIN,
      login: user.email,
      client: PASSWORD_FORM,
      targetType: 'user',
      named: { role: user.role, targetId: user.id, resellerId: user.resellerId, customerId: user.customerId },
    });
    refuse('oldPassword', ['That is not your current password.']);
  }
  if (input.newPassword === input.oldPassword) refuse('newPassword', ['Choose a password other than the current one.']);
  return saveOwnPassword(user, sessionId, input.newPassword, 'user.password_change', 'changed its password');
}

/** After a reset: a new password, not the one given, of the same strength; the panel opens again. */
export async function chooseNewPassword(actor: Actor, sessionId: string, input: ChosenPasswordForm): Promise<number> {
  const user = await ownLogin(actor);
  if (!user.mustChangePassword) throw new DomainError('Your password has already been chosen.');
  if (await verifyPassword(user.passwordHash, input.newPassword))
    refuse('newPassword', ['Choose a password other than the one you were given.']);
  return saveOwnPassword(user, sessionId, input.newPassword, 'user.password_choose', 'chose a new password after a reset');
}

async function ownLogin(actor: Actor) {
  // Support changes nothing of a tenant's, but its own password is its own.
  if (!('userId' in actor)) throw new ForbiddenError();
  const user = await db().user.findUniqueOrThrow({
    where: { id: actor.userId },
    select: {
      id: true,
      email: true,
      name: true,
      role: true,
      passwordHash: true,
      mustChangePassword: true,
      resellerId: true,
      customerId: true,
    },
  });
  return { ...user, actor };
}
type OwnLogin = Awaited<ReturnType<typeof ownLogin>>;

async function saveOwnPassword(user: OwnLogin, sessionId: string, plain: string, action: string, did: string): Promise<number> {
  const { actor } = user;
  const checked = checkNewLoginPassword(plain, user);
  if (!checked.ok) refuse('newPassword', checked.problems);
  const passwordHash = await hashPassword(plain);
  return db().$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.userId }, data: { passwordHash, mustChangePassword: false } });
    const ended = await endSessionsOf(tx, actor.userId, sessionId);
    await recordAudit(tx, actor, { ...ownAudit(actor, action), details: { summary: `${actor.label} ${did}`, endedSessions: ended } });
    return ended;
  });
}
