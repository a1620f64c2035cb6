import type { Actor } from '../auth/actor';
import { requestSync, updateMailHost } from '../data/mail-hosts';
import type { MailHostInput } from '../validation/mail-host';
import { enqueuePublish } from './queue';

// What an operator asks of a mail host that needs a publish job at once, not at the worker's next sweep or
// after a failing host's retry pause: the data layer records the request, this layer queues the job.

/** "Sync now": a publish of the host at once, whatever its state. */
export async function syncNow(actor: Actor, id: string): Promise<{ name: string }> {
  const host = await requestSync(actor, id);
  await enqueuePublish(host.id, 'manual');
  return host;
}

/** New settings: the admin fixing a host wants to see the result now. */
export async function saveMailHost(actor: Actor, id: string, input: MailHostInput): Promise<void> {
  const { enabled } = await updateMailHost(actor, id, input);
  if (enabled) await enqueuePublish(id, 'settings');
}
