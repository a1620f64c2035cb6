// Real Postfix against the resolver on one snapshot: shared by tests/mta/postfix.test.ts and the shards'
// test (tests/mta/sharded-maps.test.ts).
import type { MailSnapshot } from '@/lib/mail/snapshot';
import { traceAddress } from '@/lib/mail/resolve';
import { probeAddresses } from '../support/probe-addresses';
import { crossingDeliveries } from '../support/tenancy-property';
import { summarize } from './postfix-compare';
import type { PostfixInstance } from './postfix-instance';
import { probePostfix } from './postfix-probe';

/**
 * Where real Postfix and the resolver disagree on the probe addresses of `snapshot`, and (with `crossing`)
 * every copy that reaches a customer other than through an address at one of its domains.
 */
export async function differences(
  postfix: PostfixInstance,
  snapshot: MailSnapshot,
  crossing: boolean,
): Promise<{ probes: number; found: string[] }> {
  await postfix.apply(snapshot);
  const probes = probeAddresses(snapshot);
  const answers = await probePostfix(postfix, probes);
  const found: string[] = [];
  for (const address of probes) {
    const real = summarize(
      answers.get(address) ?? { rcpt: { accepted: false, reply: { code: 0, status: '', text: 'no answer' } }, deliveries: [] },
    );
    const trace = traceAddress(snapshot, address, 'postfix');
    const resolver = summarize(trace);
    if (real !== resolver) found.push(`${address}\n    postfix:  ${real}\n    resolver: ${resolver}`);
    const crossed = crossing ? crossingDeliveries(snapshot, trace) : [];
    if (crossed.length > 0) found.push(`${address}\n    crosses customers: ${crossed.join(', ')}`);
  }
  return { probes: probes.length, found };
}
