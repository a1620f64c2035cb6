import type { Flavor, MailSnapshot } from '../mail/snapshot';
import { renderDovecotPasswd, type DovecotPasswdOptions } from '../mailmaps/dovecot';
import { renderPostfixSteps } from '../mailmaps/postfix';
import { drain, type RenderStep } from '../mailmaps/render-reuse';
import { renderSendmailSteps } from '../mailmaps/sendmail';
import { renderAutoreplyScripts } from '../mailmaps/sieve-files';
import type { HostSettings } from '../validation/host-settings';

// Which files a host of each flavour gets, by name. The MTA's own files come from its renderer; the
// accounts' Dovecot passwd-file and their autoreply scripts (`<host name>.sieve`) come with either flavour.

export type RenderTarget = 'sendmail' | 'postfix' | 'dovecot';

/**
 * The files of one target. `shards` (lib/mail/map-shards.ts) splits the MTA's per-domain maps; 1, the
 * default, is the plain layout.
 */
export function renderFiles(
  target: RenderTarget,
  snapshot: MailSnapshot,
  dovecot: DovecotPasswdOptions,
  shards = 1,
): Record<string, string> {
  return drain(renderFileSteps(target, snapshot, dovecot, shards));
}

/**
 * renderFiles, handing over each file as soon as its text is final where the MTA's maps are rendered
 * whole (lib/mailmaps/render-reuse.ts, renderedMemoSteps); returns every file.
 */
export function* renderFileSteps(
  target: RenderTarget,
  snapshot: MailSnapshot,
  dovecot: DovecotPasswdOptions,
  shards = 1,
): Generator<RenderStep, Record<string, string>, void> {
  const files = yield* render(target, snapshot, dovecot, shards);
  // The test suites (MAILPANEL_VERIFY_SNAPSHOT_CACHE=1) check every render that followed a patch
  // (lib/mailmaps/render-reuse.ts) against a whole render of a copy that shares nothing with it.
  if (process.env.MAILPANEL_VERIFY_SNAPSHOT_CACHE === '1') {
    const whole = drain(render(target, structuredClone(snapshot), dovecot, shards));
    const differ = [...new Set([...Object.keys(files), ...Object.keys(whole)])].filter((name) => files[name] !== whole[name]);
    if (differ.length > 0) throw new Error(`the render of a patched snapshot differs from a whole render in ${differ.join(', ')}`);
  }
  return files;
}

function* render(
  target: RenderTarget,
  snapshot: MailSnapshot,
  dovecot: DovecotPasswdOptions,
  shards: number,
): Generator<RenderStep, Record<string, string>, void> {
  switch (target) {
    case 'sendmail':
      return { ...(yield* renderSendmailSteps(snapshot, { shards })) };
    case 'postfix':
      return { ...(yield* renderPostfixSteps(snapshot, { shards })) };
    case 'dovecot':
      // The renderer decides each account's lines (host name, logins) and which refuse logins (disabled).
      // The scripts are files of the same revision, so an autoreply changes exactly when the accounts do.
      return { 'dovecot-passwd': renderDovecotPasswd(snapshot, dovecot), ...renderAutoreplyScripts(snapshot) };
  }
}

/** What of a host's settings its files depend on. */
export type RenderSettings = Pick<HostSettings, 'dovecot' | 'mapShards'>;

/** The MTA flavour's files and the accounts' Dovecot passwd-file, by file name. */
export function renderHost(flavor: Flavor, snapshot: MailSnapshot, settings: RenderSettings): Record<string, string> {
  return filesOf(hostFileSteps(flavor, snapshot, settings));
}

/** Every file the steps hand over, by name. */
export function filesOf(steps: Iterable<RenderStep>): Record<string, string> {
  const files: Record<string, string> = {};
  for (const step of steps) if (step) files[step[0]] = step[1];
  return files;
}

/**
 * Every file of a host, each handed over once, as soon as its text is final: the MTA's as renderFileSteps
 * makes them, then the Dovecot files (written, never built: last, so the MTA's builds start first). A
 * `null` between two files is a pause: the render of a big shard takes long enough that the files already
 * handed over must get their turns meanwhile (lib/sync/publish.ts writes and builds them as they come).
 */
export function* hostFileSteps(flavor: Flavor, snapshot: MailSnapshot, settings: RenderSettings): Generator<RenderStep, void, void> {
  const { uid, gid, homeBase } = settings.dovecot;
  const handed = new Set<string>();
  const steps = renderFileSteps(flavor, snapshot, { uid, gid, homeBase }, settings.mapShards);
  for (;;) {
    const next = steps.next();
    if (next.done) {
      for (const file of Object.entries(next.value)) if (!handed.has(file[0])) yield file;
      break;
    }
    if (next.value) handed.add(next.value[0]);
    yield next.value;
  }
  yield null;
  for (const file of Object.entries(renderFiles('dovecot', snapshot, { uid, gid, homeBase }))) yield file;
}
