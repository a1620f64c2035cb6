// The benchmark's changes, saved as a person saves them in the panel: the data layer's updateVirtmap as
// an administrator, twice each, as the form does it: first without confirmation (the review: the host
// read before and after the write, the scoped checks, the route preview; rolled back, NeedsConfirmation),
// then confirmed (the same review again, from the snapshot the preview kept: lib/data/snapshot-cache.ts;
// then the commit and the changeSeq bump that wakes the worker).
// The zod parse of the form is left out: the seeded ids are md5-derived, not the v4 UUIDs the form takes.
import type { BenchChange } from './bench-seed';

export interface PanelSave {
  previewMs: number;
  ms: number;
  routeChanges: number;
}

/** An administrator signed in to the bench's database; `save` makes one change as the form does. */
export async function panelSaver(url: string): Promise<{ save: (change: BenchChange) => Promise<PanelSave>; close: () => Promise<void> }> {
  process.env.DATABASE_URL = url;
  const { db, disconnectDb } = await import('../../lib/db/client');
  const { updateVirtmap } = await import('../../lib/data/virtmaps');
  const { NeedsConfirmation } = await import('../../lib/data/errors');
  const admin = await db().user.upsert({
    where: { email_loginScope: { email: 'bench-admin@bench.example', loginScope: 'operators' } },
    create: {
      email: 'bench-admin@bench.example',
      loginScope: 'operators',
      name: 'Bench admin',
      role: 'ADMIN',
      passwordHash: 'not a login',
    },
    update: {},
    select: { id: true },
  });
  const actor = { kind: 'admin' as const, userId: admin.id, label: 'bench-admin@bench.example' };
  const save = async (change: BenchChange): Promise<PanelSave> => {
    const virtmap = await db().virtmap.findFirstOrThrow({
      where: { localPart: change.localPart, domain: { name: `d${change.domain}.bench.example` } },
      select: { id: true, domainId: true },
    });
    const input = {
      domainId: virtmap.domainId,
      localPart: change.localPart,
      protectAccounts: false,
      target: { kind: 'local' as const, name: change.after },
      aliasTargets: null,
      aliasName: null,
    };
    let started = performance.now();
    const preview = await updateVirtmap(actor, virtmap.id, input, { confirm: () => false }).catch((e: unknown) => e);
    if (!(preview instanceof NeedsConfirmation)) throw new Error(`the preview did not ask for confirmation: ${String(preview)}`);
    const previewMs = performance.now() - started;
    let routeChanges = 0;
    started = performance.now();
    await updateVirtmap(actor, virtmap.id, input, { confirm: (review) => ((routeChanges = review.changes.length), true) });
    return { previewMs, ms: performance.now() - started, routeChanges };
  };
  return { save, close: disconnectDb };
}
