import './server-only';
import type { Actor } from '../auth/actor';
import type { MailboxUsage } from './postoffice';

// CONTRACT (issue 10, being built): a mailbox's usage as its mail host's Dovecot reports it, read through
// the host's transport (`doveadm quota get -u <name on the host>`), for /postoffice and the account page.

export async function readMailboxUsage(_actor: Actor, _accountId: string): Promise<MailboxUsage> {
  throw new Error('not built yet (issue 10)');
}
