// The benchmark's one change, saved as a person saves it in the panel: the data layer's updateVirtmap as
// an administrator, with its review (lib/data/mail-change.ts: the host read before and after the write,
// the scoped checks, the route preview, confirmed) and the changeSeq bump whose commit wakes the worker.
// The zod parse of the form is left out: the seeded ids are md5-derived, not the v4 UUIDs the form takes.
import { changedKey, type BenchShape } from './bench-seed';

export async function saveThroughPanel(url: string, shape: BenchShape): Promise<{ ms: number; routeChanges: number }> {
  process.env.DATABASE_URL = url;
  const { db, disconnectDb } = await import('../../lib/db/client');
  const { updateVirtmap } = await import('../../lib/data/virtmaps');
  const change = changedKey(shape);
  try {
    const admin = await db().user.create({
      data: { email: 'bench-admin@bench.example', name: 'Bench admin', role: 'ADMIN', passwordHash: 'not a login' },
      select: { id: true },
    });
    const virtmap = await db().virtmap.findFirstOrThrow({
      where: { localPart: change.localPart, domain: { name: `d${change.domain}.bench.example` } },
      select: { id: true, domainId: true },
    });
    let routeChanges = 0;
    const started = performance.now();
    await updateVirtmap(
      { kind: 'admin', userId: admin.id, label: 'bench-admin@bench.example' },
      virtmap.id,
      { domainId: virtmap.domainId, localPart: change.localPart, protectAccounts: false, target: { kind: 'local', name: change.after }, aliasTargets: null, aliasName: null },
      { confirm: (review) => ((routeChanges = review.changes.length), true) },
    );
    return { ms: performance.now() - started, routeChanges };
  } finally {
    await disconnectDb();
  }
}
