// End to end on real software (issue 4, the first "done when"), sendmail flavour: the same mail objects as
// deliver-postfix, made through the data layer, published by the sync job's publishHost() to a private
// sendmail 8.17 (tests/mta/sendmail-lab.ts, its .cf reading `<mapDir>/current/…` as a host's would): its
// maps are rebuilt by makemap and `sendmail -bi`, and `sendmail -bv` and the RCPT reply answer for a set
// of probe addresses exactly as the panel's tracer (lib/mail/resolve.ts traceAddress) says; a change
// saved later switches the answers with the next publish. No MTA is mocked; nothing listens on port 25.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readHostSnapshot } from '../../lib/data/snapshots';
import { probeAddresses } from '../support/probe-addresses';
import { buildSnapshot } from '../../lib/mail/snapshot-builder';
import { requireSendmail } from '../mta/sendmail-lab';
import { withPanelDatabase } from '../support/panel-db';
import {
  addAddress,
  createMailObjects,
  deliverWorld,
  freshDeliverDir,
  publishTimed,
  REJECT_TEXT,
  type DeliverWorld,
} from './deliver-world';
import {
  expectOneCompleteRevision,
  expectSendmailMapsMatchText,
  removeTree,
  resolverAnswers,
  sendmailAnswers,
  sendmailHost,
  type SendmailHost,
} from './publish-fixtures';

withPanelDatabase();

const BUILT = ['virtusertable', 'accounts', 'aliases'];
let lab: SendmailHost | undefined;
let world: DeliverWorld;
const timings: Record<string, number> = {};

beforeAll(async () => {
  requireSendmail();
  const started = performance.now();
  // The lab as a host that ran the panel's layout before this panel's first publish: an empty revision 1
  // is live and the .cf names `<mapDir>/current` (publish-fixtures.ts, docs/publishing.md's order).
  lab = await sendmailHost(await freshDeliverDir('sendmail'), buildSnapshot({ domains: [], accounts: [], aliases: {}, virtmaps: {} }));
  world = await deliverWorld('SENDMAIL', lab.mapDir, {
    dovecot: { passwdGroup: 'dovecot' },
    // `sendmail -bi` inside the lab's namespace (a qualified host name: DOMAIN.md, "Running the real MTAs");
    // no daemon runs in the lab (-bv and -bs read the maps per process), so nothing to HUP.
    commands: { buildAliases: lab.settings.commands.buildAliases, reload: [] },
  });
  await createMailObjects(world);
  timings.setup = Math.round(performance.now() - started);
}, 60_000);

afterAll(async () => {
  console.log(`deliver-sendmail timings (ms): ${JSON.stringify(timings)}`);
  const stops = await Promise.allSettled([lab?.lab.close(), lab ? removeTree(lab.mapDir) : undefined]);
  for (const stop of stops) if (stop.status === 'rejected') throw stop.reason;
});

function theLab(): SendmailHost {
  if (!lab) throw new Error('the sendmail lab did not start (see the first failure)');
  return lab;
}

// The lab starts with an empty revision 1 live; each publish makes the next one. A test that reads the
// panel's maps on the host publishes them first, so each test runs alone or in any order.
let liveRevision = 1;
const publish = async () => (liveRevision = await publishTimed(world, timings));

/** A handful of addresses that matter here, and the resolver's own probes of the snapshot. */
function probesOf(snapshot: Awaited<ReturnType<typeof readHostSnapshot>>): string[] {
  const d = world.domain.name;
  const handful = [
    `joe@${d}`,
    `nobody-here@${d}`,
    `mary@${d}`,
    `old@${d}`,
    `orders@${d}`,
    `joe+news@${d}`,
    'someone@elsewhere.example',
    'joe',
    'mary',
  ];
  return [...new Set([...handful, ...probeAddresses(snapshot, { upperCase: false })])].sort();
}

/** sendmail's answers (RCPT as a local client and a stranger, then -bv one address per call) = the tracer's. */
async function expectTracerAgrees(): Promise<string[]> {
  const snapshot = await readHostSnapshot(world.host.id);
  const probes = probesOf(snapshot);
  const t = performance.now();
  const got = await sendmailAnswers(theLab().lab, probes);
  timings[`probe ${probes.length} addresses`] = Math.round(performance.now() - t);
  const want = resolverAnswers(snapshot, probes);
  expect(probes.map((address, i) => ({ address, ...got[i] }))).toEqual(probes.map((address, i) => ({ address, ...want[i] })));
  return probes;
}

describe('a sendmail host published from the panel', () => {
  it('rebuilds its maps into one complete revision that holds exactly the rendered text', async () => {
    const before = liveRevision;
    expect(await publish()).toBe(before + 1);
    const live = await expectOneCompleteRevision(theLab().mapDir, BUILT);
    // On the host the customer's names carry its tag (docs/tenancy.md).
    expect(live.files.virtusertable).toContain(`joe@${world.domain.name}\t${world.tag}-joe`);
    expect(live.files.virtusertable).toContain(`@${world.domain.name}\t${world.tag}-mary`);
    await expectSendmailMapsMatchText(theLab().mapDir);
  });

  it("sendmail -bv and RCPT answer every probe address as the panel's tracer says", async () => {
    const d = world.domain.name;
    await publish();
    const probes = await expectTracerAgrees();
    expect(probes.length).toBeGreaterThanOrEqual(9);
    // the same, spelled out for the addresses the Postfix test sends to
    const [joe, catchAll, old] = await sendmailAnswers(theLab().lab, [`joe@${d}`, `nobody-here@${d}`, `old@${d}`]);
    expect(joe).toEqual({ rcpt: 'accepted', deliveries: [`account ${world.tag}-joe`] });
    expect(catchAll).toEqual({ rcpt: 'accepted', deliveries: [`account ${world.tag}-mary`] });
    expect(old).toEqual({ rcpt: `refused 550 5.1.1 ${REJECT_TEXT}`, deliveries: [] });
  });

  it('a change saved later answers after the next publish', async () => {
    const d = world.domain.name;
    await publish();
    expect(await sendmailAnswers(theLab().lab, [`orders@${d}`])).toEqual([{ rcpt: 'accepted', deliveries: [`account ${world.tag}-mary`] }]);
    await addAddress(world, 'orders', 'joe');
    const before = liveRevision;
    expect(await publish()).toBe(before + 1);
    expect(await sendmailAnswers(theLab().lab, [`orders@${d}`])).toEqual([{ rcpt: 'accepted', deliveries: [`account ${world.tag}-joe`] }]);
    await expectTracerAgrees();
  });
});
