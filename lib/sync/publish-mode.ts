import type { HostSettings, PublishMode } from '../validation/host-settings';

// Which publish mode a host on THIS machine can use (the demo host of a first start, scripts/lib/demo-data.ts):
// the full rebuild needs every program its build, check and reload commands name, and the passwd-file's
// group; without them each publish would fail, so the host writes and checks its files only
// (docs/publishing.md, "Files only"). The quota command is not part of a publish and does not count.

export interface MachineFacts {
  /** Whether an absolute program path exists (and is executable) here. */
  hasProgram: (path: string) => boolean;
  /** Whether a group name is in this machine's /etc/group. */
  hasGroup: (name: string) => boolean;
}

/** The programs a full publish with these settings runs. */
export function publishPrograms(settings: HostSettings): string[] {
  const { buildMap, buildAliases, checkMap, checkAliases, checkRegexp, patchMap, patchAliases, reload } = settings.commands;
  const patches = [patchMap, patchAliases].flatMap((p) => (p ? [p.put, p.remove] : []));
  const specs = [buildMap, buildAliases, checkMap, checkAliases, ...(checkRegexp ? [checkRegexp] : []), ...patches, ...reload];
  return [...new Set(specs.map((spec) => spec.argv[0] ?? ''))].sort();
}

/** 'full' when everything a full publish needs is here, else 'files'; `missing` says what is not. */
export function choosePublishMode(settings: HostSettings, machine: MachineFacts): { mode: PublishMode; missing: string[] } {
  const missing = publishPrograms(settings).filter((program) => !machine.hasProgram(program));
  const group = settings.dovecot.passwdGroup;
  if (typeof group === 'string' && !machine.hasGroup(group)) missing.push(`group ${group}`);
  return { mode: missing.length === 0 ? 'full' : 'files', missing };
}
