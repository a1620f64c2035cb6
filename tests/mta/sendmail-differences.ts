// Real sendmail against the resolver on one snapshot: shared by tests/mta/sendmail-tenancy.test.ts and the
// shards' test (tests/mta/sharded-maps.test.ts).
import { traceAddress } from '@/lib/mail/resolve';
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { probeAddresses } from '../support/probe-addresses';
import { crossingDeliveries } from '../support/tenancy-property';
import { askSendmail, comparable } from './sendmail-answer';
import type { SendmailLab } from './sendmail-lab';

/**
 * Publishes `snapshot` in the lab and asks about every probe address: each address where sendmail and
 * the resolver differ, or where a copy reaches another customer (hosts with owners).
 */
export async function sendmailDifferences(lab: SendmailLab, snapshot: MailSnapshot) {
  await lab.publish(snapshot);
  const answers = await askSendmail(lab, probeAddresses(snapshot));
  return answers.flatMap((answer) => {
    const trace = traceAddress(snapshot, answer.address, 'sendmail');
    const sendmail = comparable(answer);
    const resolver = comparable(trace);
    const crossing = crossingDeliveries(snapshot, trace);
    const same = JSON.stringify(sendmail) === JSON.stringify(resolver);
    return same && crossing.length === 0 ? [] : [{ address: answer.address, sendmail, resolver, crossing, verify: answer.verify }];
  });
}
