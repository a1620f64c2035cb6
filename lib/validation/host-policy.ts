import path from 'node:path';
import { SENDMAIL_HUP, type CommandSpec, type HostSettings } from './host-settings';

// What an admin may make the panel do on a mail host. The panel writes a host's maps as the user it logs in
// as (often root) and runs the commands of its settings, so a host's settings are as strong as a shell on
// it. Without limits an admin account (or whoever takes one over) could publish into /etc or run any program.
// So a map directory lies under one of the operator's map roots, and each command is one the product uses
// (docs/publishing.md): the map tools to build and check, a reload of Postfix, sendmail or Dovecot, and
// doveadm's quota query. The operator widens this on the machine, never through the panel:
//   MAILPANEL_MAP_ROOT              directories (":"-separated) a map directory may lie in
//   MAILPANEL_ALLOW_ANY_HOST_COMMAND=1   any absolute program as a command (e.g. a wrapper script)
// Checked where settings are entered (lib/validation/mail-host.ts, the data layer parses the same) and
// again where they are used (lib/transport/open-transport.ts: the sync and the usage query).

export interface HostPolicy {
  /** Absolute directories; a map directory is one of them or lies below one. */
  mapRoots: readonly string[];
  /** The operator opted out of the command list. */
  anyCommand: boolean;
}

/** The default roots: sendmail's and Postfix's configuration directories, and the panel's own mail hosts. */
export function defaultMapRoots(dataDir: string): string[] {
  return ['/etc/mail', '/etc/postfix', path.join(dataDir, 'mailhost')];
}

/** The policy this process runs with, from its environment (MAILPANEL_DATA as the panel reads it). */
export function hostPolicy(env: Record<string, string | undefined> = process.env): HostPolicy {
  const dataDir = path.resolve(env.MAILPANEL_DATA ?? '.data');
  const given = (env.MAILPANEL_MAP_ROOT ?? '')
    .split(':')
    .map((r) => r.trim())
    .filter(Boolean)
    .map((r) => path.resolve(r));
  return { mapRoots: given.length ? given : defaultMapRoots(dataDir), anyCommand: env.MAILPANEL_ALLOW_ANY_HOST_COMMAND === '1' };
}

export function mapDirProblem(mapDir: string, policy: HostPolicy): string | null {
  const inside = policy.mapRoots.some((root) => mapDir === root || mapDir.startsWith(root === '/' ? '/' : `${root}/`));
  return inside ? null : `The map directory must lie under ${policy.mapRoots.join(', ')} (MAILPANEL_MAP_ROOT on the panel's machine).`;
}

export type CommandRole = 'build' | 'check' | 'patch' | 'reload' | 'quota' | 'config';

// Where a host's programs live; the panel's admins cannot write there.
const SYSTEM_DIRS = ['/usr/sbin', '/usr/bin', '/sbin', '/bin', '/usr/local/sbin', '/usr/local/bin'];
const MAP_TOOLS: Record<'build' | 'check' | 'patch', readonly string[]> = {
  build: ['makemap', 'postmap', 'postalias', 'newaliases'],
  check: ['editmap', 'makemap', 'postmap', 'postalias'],
  patch: ['editmap', 'makemap', 'postmap', 'postalias'],
};
const SERVICES = /^(postfix|sendmail|dovecot)(@[a-z0-9-]+)?(\.service)?$/;
const SERVICE_NAMES = /^(postfix|sendmail|dovecot)$/;

/** The reload commands offered, in words (for the error and docs/publishing.md). */
export const RELOAD_COMMANDS = [
  'postfix reload',
  'doveadm reload',
  'systemctl reload|reload-or-restart|try-reload-or-restart postfix|sendmail|dovecot',
  'service postfix|sendmail|dovecot reload',
  '/etc/init.d/postfix|sendmail|dovecot reload',
  "the sendmail defaults' start-stop-daemon --stop --signal HUP",
];

/** Why `argv` is not a command the product uses in this role, or null when it is. */
export function commandProblem(role: CommandRole, argv: readonly string[]): string | null {
  const program = argv[0] ?? '';
  const dir = path.posix.dirname(program);
  const name = path.posix.basename(program);
  const args = argv.slice(1);
  if (role === 'reload' && dir === '/etc/init.d') {
    return SERVICE_NAMES.test(name) && same(args, ['reload']) ? null : reloadOnly();
  }
  if (!SYSTEM_DIRS.includes(dir)) return `${program} is not in a system directory (${SYSTEM_DIRS.join(', ')}).`;
  switch (role) {
    case 'build':
    case 'check':
    case 'patch':
      if (!MAP_TOOLS[role].includes(name)) return `Use one of the map tools: ${MAP_TOOLS[role].join(', ')}.`;
      // -c/-C name another configuration: sendmail's (newaliases) may run programs of its own choosing.
      return args.some((a) => /^-[cC]/.test(a)) ? 'Another configuration (-c, -C) is not offered.' : null;
    case 'quota':
      return name === 'doveadm' && same(args, ['quota', 'get', '-u', '{user}']) ? null : 'Use doveadm quota get -u {user}.';
    case 'config':
      return isConfigRead(name, args) ? null : READ_CONFIG;
    case 'reload':
      return isReload(name, args, argv) ? null : reloadOnly();
  }
}

function isReload(name: string, args: readonly string[], argv: readonly string[]): boolean {
  if (name === 'postfix' || name === 'doveadm') return same(args, ['reload']);
  if (name === 'systemctl')
    return (
      args.length === 2 && ['reload', 'reload-or-restart', 'try-reload-or-restart'].includes(args[0] ?? '') && SERVICES.test(args[1] ?? '')
    );
  if (name === 'service') return args.length === 2 && SERVICE_NAMES.test(args[0] ?? '') && args[1] === 'reload';
  // start-stop-daemon can start any program: only the defaults' own HUP of sendmail.
  if (name === 'start-stop-daemon') return same(argv, SENDMAIL_HUP);
  return false;
}

// Reading only: postconf without -e/-X/-# (which edit main.cf) or -c, and cat of a .cf under /etc/mail or
// /etc/postfix, never any file (its text is not shown, but a command's errors are).
const READ_CONFIG =
  'To read the configuration use postconf -x -h PARAMETER… or cat /etc/mail/sendmail.cf (a .cf file under /etc/mail or /etc/postfix).';
function isConfigRead(name: string, args: readonly string[]): boolean {
  if (name === 'postconf') return args.length > 0 && args.every((a) => ['-x', '-h', '-n'].includes(a) || /^[a-z][a-z0-9_]{0,63}$/.test(a));
  if (name === 'cat') return args.length === 1 && /^\/etc\/(mail|postfix)\/[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}\.cf$/.test(args[0] ?? '');
  return false;
}

const reloadOnly = () => `A reload command is one of: ${RELOAD_COMMANDS.join('; ')}.`;
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Every way `settings` goes beyond the policy, each at its path in HostSettings (as zod names it). */
export function hostSettingsProblems(settings: HostSettings, policy: HostPolicy): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const mapDir = mapDirProblem(settings.mapDir, policy);
  if (mapDir) problems.push({ path: ['mapDir'], message: mapDir });
  if (policy.anyCommand) return problems;
  const check = (role: CommandRole, spec: CommandSpec | undefined, at: (string | number)[]) => {
    const problem = spec ? commandProblem(role, spec.argv) : null;
    if (problem) problems.push({ path: ['commands', ...at], message: `${problem} (MAILPANEL_ALLOW_ANY_HOST_COMMAND=1 allows any.)` });
  };
  const c = settings.commands;
  check('build', c.buildMap, ['buildMap']);
  check('build', c.buildAliases, ['buildAliases']);
  check('check', c.checkMap, ['checkMap']);
  check('check', c.checkAliases, ['checkAliases']);
  check('check', c.checkRegexp, ['checkRegexp']);
  for (const which of ['patchMap', 'patchAliases'] as const) {
    check('patch', c[which]?.put, [which, 'put']);
    check('patch', c[which]?.remove, [which, 'remove']);
  }
  c.reload.forEach((spec, i) => check('reload', spec, ['reload', i]));
  check('quota', c.quotaGet, ['quotaGet']);
  check('config', c.readConfig, ['readConfig']);
  return problems;
}

/** For the places that use settings (the sync, the usage query): refuses, naming each problem. */
export function assertHostPolicy(settings: HostSettings, policy: HostPolicy = hostPolicy()): void {
  const problems = hostSettingsProblems(settings, policy);
  if (problems.length) throw new Error(`The host's settings are not allowed here: ${problems.map((p) => p.message).join(' ')}`);
}
