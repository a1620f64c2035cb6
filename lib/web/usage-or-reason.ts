import type { MailboxUsage } from '../data/postoffice';
import { logUnexpected } from '../data/log-unexpected';

/**
 * Usage is read from the mail host while the page renders; whatever goes wrong there is a reason shown
 * beside the quota, never a broken page (the data layer answers `ok: false` for what it expects).
 */
export async function usageOrReason(read: Promise<MailboxUsage>): Promise<MailboxUsage> {
  try {
    return await read;
  } catch (error) {
    logUnexpected('Reading mailbox usage failed', error);
    return { ok: false, reason: 'the mail host could not be asked', readAt: new Date() };
  }
}
