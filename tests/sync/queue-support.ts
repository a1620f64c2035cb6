// Shared by the sync tests: a local-transport mail host publishing into its own directory under
// .data/sync-tests/, with the real publisher and the real sendmail map tools (tests/mta/install.sh), and
// a few helpers. The map tools can be wrapped by a script of the test's own (slow, or failing on demand).
import { access, chmod, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import type { Actor } from '../../lib/auth/actor';
import { db } from '../../lib/db/client';
import { createMailHost, updateMailHost } from '../../lib/data/mail-hosts';
import { createVirtmap } from '../../lib/data/virtmaps';
import type { MailHostInput } from '../../lib/validation/mail-host';
import { VirtmapInput } from '../../lib/validation/mail-objects';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from '../support/factories';
import { waitFor } from '../support/wait-for';

export const SYNC_ROOT = path.resolve('.data/sync-tests');

/** Fast intervals for tests: the same code paths, a hundred times quicker. */
export const FAST = {
  pollingIntervalSeconds: 0.5,
  debounceMs: 100,
  sweepMs: 300,
  checkCron: '',
  concurrency: 2,
  retry: { baseMs: 300, maxMs: 1_200 },
};

export interface SyncWorld {
  admin: Actor;
  customer: Actor;
  host: { id: string; name: string };
  domain: { id: string; name: string };
  dir: string;
  /**
   * A wrapper around makemap: `failFlag` makes it fail with a message, the seconds in `slowFile` delay it,
   * and it creates `sleepingFlag` when it starts such a delay (so a test sees it is in the middle of a build).
   */
  tools: { failFlag: string; slowFile: string; sleepingFlag: string };
}

const made: string[] = [];

/** Removes the directories of this file's worlds (call after the workers have stopped). */
export async function removeWorlds(): Promise<void> {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
}

export async function syncWorld(): Promise<SyncWorld> {
  process.env.AUTH_SECRET ??= 'sync-tests-secret';
  const admin = await makeStaff('ADMIN');
  const name = unique('mx');
  const dir = path.join(SYNC_ROOT, `${name}-${process.pid}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  made.push(dir);
  const tools = await wrappers(dir);
  const host = await createMailHost(admin, hostInput(name, dir, tools));
  const reseller = await makeReseller(admin, [host.id], { maxVirtmaps: 200 });
  const customer = await makeCustomer(reseller.actor, { maxVirtmaps: 200 });
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  return { admin, customer: customer.actor, host, domain, dir: path.join(dir, 'maps'), tools };
}

export function hostInput(name: string, dir: string, tools: { makemap: string; newaliases: string }): MailHostInput {
  return {
    name,
    flavor: 'SENDMAIL',
    transport: 'LOCAL',
    mapDir: path.join(dir, 'maps'),
    sshPort: 22,
    settings: {
      dovecot: { passwdGroup: null }, // no chgrp of the passwd-file
      commands: {
        buildMap: { argv: [tools.makemap, 'hash', '{file}'], stdin: '{file}' },
        buildAliases: { argv: [tools.newaliases, '{file}'] },
      },
    },
  };
}

/**
 * makemap, failing while `failFlag` exists and sleeping for the seconds in `slowFile`; and `sendmail -bi`
 * in a UTS namespace with a qualified host name, because on a machine whose name is unqualified sendmail
 * sleeps 60 s at every start (DOMAIN.md, "Running the real MTAs in tests"). Needs root, as tests/mta does.
 */
async function wrappers(dir: string) {
  const newaliases = path.join(dir, 'newaliases-wrapper');
  await writeFile(
    newaliases,
    `#!/bin/sh
exec /usr/bin/unshare --uts /bin/sh -c 'hostname mail.mailpanel.test && exec /usr/sbin/sendmail -bi "-oAhash:$0"' "$1"
`,
  );
  await chmod(newaliases, 0o755);
  const script = path.join(dir, 'makemap-wrapper');
  const failFlag = path.join(dir, 'FAIL');
  const slowFile = path.join(dir, 'SLOW_MS');
  const sleepingFlag = path.join(dir, 'SLEEPING');
  await writeFile(
    script,
    `#!/bin/sh
if [ -e ${failFlag} ]; then echo "makemap: ${'$'}2: simulated failure: disk quota exceeded" >&2; exit 75; fi
if [ -s ${slowFile} ]; then : > ${sleepingFlag}; sleep "$(cat ${slowFile})"; fi
exec /usr/sbin/makemap "$@"
`,
  );
  await chmod(script, 0o755);
  return { makemap: script, newaliases, failFlag, slowFile, sleepingFlag };
}

export async function setFailing(world: SyncWorld, failing: boolean): Promise<void> {
  if (failing) await writeFile(world.tools.failFlag, '1');
  else await rm(world.tools.failFlag, { force: true });
}

export async function setSlow(world: SyncWorld, seconds: number): Promise<void> {
  await rm(world.tools.sleepingFlag, { force: true });
  await writeFile(world.tools.slowFile, seconds > 0 ? String(seconds) : '');
}

/** Waits until a build of the slowed-down host (setSlow) is inside its delay. */
export async function buildingSlowly(world: SyncWorld, timeoutMs?: number): Promise<void> {
  await waitFor(
    'a map build to be under way',
    () =>
      access(world.tools.sleepingFlag).then(
        () => true,
        () => false,
      ),
    timeoutMs,
  );
}

let counter = 0;
/** One edit of the host's data through the data layer (a new virtmap): bumps changeSeq once. */
export async function edit(world: SyncWorld, localPart = `x${++counter}${unique('')}`): Promise<string> {
  await createVirtmap(
    world.customer,
    VirtmapInput.parse({ domainId: world.domain.id, localPart, action: 'deliver', target: `${localPart}@elsewhere.example` }),
    { confirm: () => true },
  );
  return `${localPart}@${world.domain.name}`;
}

export async function hostState(id: string) {
  return db().mailHost.findUniqueOrThrow({
    where: { id },
    select: { changeSeq: true, syncedSeq: true, liveRevision: true, failingSince: true, lastError: true },
  });
}

export async function runsOf(mailHostId: string) {
  return db().syncRun.findMany({ where: { mailHostId }, orderBy: { startedAt: 'asc' } });
}

/** Waits until the host is in sync (nothing waiting, not failing) and returns its state. */
export async function settled(id: string, timeoutMs = 15_000) {
  return waitFor(
    'the host to be in sync',
    async () => {
      const s = await hostState(id);
      return s.syncedSeq === s.changeSeq && !s.failingSince && s.liveRevision > 0 ? s : null;
    },
    timeoutMs,
  );
}

export function expectNoOverlap(runs: { startedAt: Date; finishedAt: Date | null }[]): void {
  const sorted = [...runs].sort((a, b) => a.startedAt.getTime() - b.startedAt.getTime());
  for (let i = 1; i < sorted.length; i++) {
    const previous = sorted[i - 1]!;
    expect(previous.finishedAt, 'every run finished').not.toBeNull();
    expect(sorted[i]!.startedAt.getTime(), 'runs of one host never overlap').toBeGreaterThanOrEqual(previous.finishedAt!.getTime());
  }
}

export { updateMailHost };
