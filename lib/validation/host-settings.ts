import { z } from 'zod';
import { MAX_SHARDS } from '../mail/map-shards';

// Where a mail host keeps the panel's files and which commands rebuild, check and reload them: safe
// defaults per flavour, overridable per host (MailHost.settings JSON, edited by an admin). Commands are
// argv arrays run without a shell ("commands run as configured, nothing else"); the only substitutions are
// the placeholders below, made by the publisher with paths it built itself:
//   {file}  the absolute path of the text file being built or checked (inside the new revision directory)
//   {key}   a key sampled from that file (check commands only: one lookup per key, output = the value)
//   {keys}  as the stdin of a check command: a file of sampled keys, one a line (`postmap -q - hash:{file}`);
//           the output is "key<TAB>value" for each key found (one process for all lookups)
//   {pairs} as the stdin of a build command: the aliases as `makemap` input ("name<TAB>targets" and the
//           "@ @" completeness entry), written by the publisher beside the file (publish-layout.ts aliasPairs)
//   {user}  the quota command only: an account's name on the host (lib/mail/tenancy.ts hostName)
//   {lines} as the stdin of a patch's put command: the added or changed entries, as the text writes them
//           (lib/sync/map-patch.ts); {pairs} there: the same as makemap input ("name<TAB>targets")
// A check command with neither is a dump: every entry, one per line, "key<TAB or SPACE or :>value".
// Layout on the host (docs/publishing.md): <mapDir>/rev-<N>/<file> and <file>.db, and the symlink
// <mapDir>/current -> rev-<N> that the MTA and Dovecot configurations name.

export interface CommandSpec {
  argv: string[];
  /**
   * The command's standard input: "{file}" (makemap reads the map text from stdin), "{pairs}" (builds only:
   * the aliases as makemap input, made by the panel) or, for checks, "{keys}".
   */
  stdin?: string;
  /** Reload commands only: run when one of these files changed (absent: whenever anything changed). */
  when?: string[];
}

/**
 * How a publish updates a copy of the live revision's .db instead of building it whole (issue 15;
 * lib/sync/map-patch.ts): `put` adds or replaces the entries given as its stdin ({lines} or {pairs}),
 * `remove` removes keys, one process per {key} or all of them as stdin {keys}. A key `remove` does not
 * find is fine (exit 1 or a message): the check after the patch looks every changed key up.
 */
export interface PatchCommands {
  put: CommandSpec;
  remove: CommandSpec;
}

/**
 * full: the flavour's commands build, check and reload the maps (a host with its MTA and Dovecot).
 * files: the maps are written and checked by the panel's own parsers; no command runs, so nothing rebuilds
 * or reloads them (a host without the MTA's tools, such as a first start's demo host: docs/publishing.md).
 */
export const PUBLISH_MODES = ['full', 'files'] as const;
export type PublishMode = (typeof PUBLISH_MODES)[number];

export interface HostSettings {
  publishMode: PublishMode;
  /** Absolute directory holding the revisions and the `current` link. */
  mapDir: string;
  /**
   * The per-domain maps split into this many shards by domain (1: one file each). The MTA's configuration
   * must name every shard (docs/publishing.md, "Shards"): a change then rewrites one shard, not the map.
   */
  mapShards: number;
  /** Older revisions kept besides the live one (for a quick look back; each holds its built maps). */
  keepRevisions: number;
  /** Upper bound for any one command (room for the biggest maps' build: docs/publishing.md, figures: "makemap"). */
  commandTimeoutMs: number;
  /** The accounts' Dovecot passwd-file (lib/mailmaps/dovecot.ts) and who may read it. */
  dovecot: {
    uid: number;
    gid: number;
    homeBase: string;
    /** Group owner of the passwd-file (mode 0640): a name from the host's /etc/group, a gid, or null (mode 0600). */
    passwdGroup: string | number | null;
  };
  commands: {
    /** Builds `{file}.db` from `{file}` for each indexed map. */
    buildMap: CommandSpec;
    /** Builds `{file}.db` from the aliases text `{file}`. */
    buildAliases: CommandSpec;
    checkMap: CommandSpec;
    checkAliases: CommandSpec;
    /** Postfix: a lookup in the regexp table, so that a syntax warning fails the publish. */
    checkRegexp?: CommandSpec;
    /**
     * A small change patches the live map's copy instead (docs/publishing.md, "Patching a map"). Absent (a
     * host whose build command is its own and whose patch commands are not set): every change builds.
     */
    patchMap?: PatchCommands;
    patchAliases?: PatchCommands;
    /**
     * Prints the MTA's configuration where it names the maps (`postconf -x -h …`, or sendmail.cf): before a
     * publish the panel checks that it names the map shards as "Map shards" writes them
     * (lib/sync/shard-config.ts). Absent: not checked.
     */
    readConfig?: CommandSpec;
    /** After the switch to the new revision, when a file they watch changed (docs/publishing.md). */
    reload: CommandSpec[];
    /**
     * Prints a mailbox's usage, `doveadm quota get -u {user}`'s table (lib/mailmaps/dovecot-quota.ts);
     * run when a page shows it, within QUOTA_TIMEOUT_MS (docs/dovecot.md, "Reading a mailbox's usage").
     */
    quotaGet: CommandSpec;
  };
}

export type HostFlavor = 'SENDMAIL' | 'POSTFIX';

const SAFE_PATH = /^(\/[A-Za-z0-9._+-]+)+$/;
const SAFE_ARG = /^[A-Za-z0-9_.,:=@%+/{}-]{1,512}$/;
const PLACEHOLDER = /\{[^}]*\}/g;
const FILE_NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const GROUP_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;

const absolutePath = (what: string) =>
  z
    .string()
    .regex(SAFE_PATH, `${what} must be an absolute path of letters, digits, ".", "_", "+" and "-" without a trailing "/"`)
    .refine((p) => !p.split('/').some((part) => part === '.' || part === '..'), `${what} may not contain "." or ".." parts`);

function commandSpec(placeholders: readonly string[], needs: '{file}' | '{user}' | null, stdin: readonly string[]) {
  return z
    .object({
      argv: z
        .array(z.string().regex(SAFE_ARG, 'arguments are letters, digits and _ . , : = @ % + / { } - (no spaces, no shell characters)'))
        .min(1)
        .max(32),
      stdin: z
        .string()
        .refine((v) => stdin.includes(v), `stdin is one of: ${stdin.join(' ') || 'nothing'}`)
        .optional(),
      when: z.array(z.string().regex(FILE_NAME)).max(16).optional(),
    })
    .strict()
    .superRefine((spec, ctx) => {
      const program = spec.argv[0] ?? '';
      if (!SAFE_PATH.test(program) || program.includes('{'))
        ctx.addIssue({ code: 'custom', path: ['argv', 0], message: 'the program must be an absolute path' });
      const used = spec.argv.flatMap((arg) => arg.match(PLACEHOLDER) ?? []);
      for (const p of used)
        if (!placeholders.includes(p))
          ctx.addIssue({
            code: 'custom',
            path: ['argv'],
            message: `${p} is not a placeholder here (allowed: ${placeholders.join(' ') || 'none'})`,
          });
      if (needs && !used.includes(needs)) ctx.addIssue({ code: 'custom', path: ['argv'], message: `the command must name ${needs}` });
    });
}

const buildCommand = commandSpec(['{file}'], '{file}', ['{file}', '{pairs}']);
const checkCommand = commandSpec(['{file}', '{key}'], '{file}', ['{keys}']);
const reloadCommand = commandSpec([], null, []);
const patchCommands = z
  .object({
    put: commandSpec(['{file}'], '{file}', ['{lines}', '{pairs}']),
    remove: commandSpec(['{file}', '{key}'], '{file}', ['{keys}']),
  })
  .strict();
const quotaCommand = commandSpec(['{user}'], '{user}', []);

export const HostSettingsInput: z.ZodType<HostSettings> = z
  .object({
    publishMode: z.enum(PUBLISH_MODES, { message: 'Choose full (build and reload) or files only.' }),
    mapDir: absolutePath('The map directory'),
    mapShards: z
      .number({ message: '“Map shards” must be a number.' })
      .int('“Map shards” must be a whole number.')
      .min(1, '“Map shards” is at least 1.')
      .max(MAX_SHARDS, `“Map shards” is at most ${MAX_SHARDS}.`),
    keepRevisions: z.number().int().min(0).max(50),
    commandTimeoutMs: z.number().int().min(1000).max(3_600_000),
    dovecot: z
      .object({
        uid: z.number().int().min(1).max(4_294_967_294),
        gid: z.number().int().min(1).max(4_294_967_294),
        homeBase: absolutePath('“Mailbox homes under”'),
        passwdGroup: z.union([
          z.string().regex(GROUP_NAME, '“passwd-file group” must be a system group name, a group number or none'),
          z.number().int().min(0).max(4_294_967_294),
          z.null(),
        ]),
      })
      .strict(),
    commands: z
      .object({
        buildMap: buildCommand,
        buildAliases: buildCommand,
        checkMap: checkCommand,
        checkAliases: checkCommand,
        checkRegexp: checkCommand.optional(),
        patchMap: patchCommands.optional(),
        patchAliases: patchCommands.optional(),
        readConfig: reloadCommand.optional(),
        reload: z.array(reloadCommand).max(8),
        quotaGet: quotaCommand,
      })
      .strict(),
  })
  .strict();

// Measured (docs/publishing.md): a sendmail daemon's children open the maps afresh through `current`, but
// the daemon reads local-host-names (class w) only when it starts: a new domain needs a HUP. Postfix's
// smtpd and cleanup restart when a map they hold changes, but trivial-rewrite (mydestination = the
// domains map, transport) noticed only after 10-18 s: `postfix reload` makes every change live at once.
export const SENDMAIL_HUP = [
  '/sbin/start-stop-daemon',
  '--stop',
  '--signal',
  'HUP',
  '--oknodo',
  '--quiet',
  '--pidfile',
  '/run/sendmail/mta/sendmail.pid',
  '--exec',
  '/usr/sbin/sendmail-mta',
];
const POSTFIX_MAPS = ['domains', 'virtual', 'virtual.regexp', 'aliases', 'recipients', 'access', 'transport'];
// Either flavour's Dovecot (the one of docs/dovecot.md): its default configuration, /etc/dovecot.
const QUOTA_GET: CommandSpec = { argv: ['/usr/bin/doveadm', 'quota', 'get', '-u', '{user}'] };
// Where Debian's MTAs name the maps; -x expands $names, -h prints the values alone.
export const POSTFIX_MAP_PARAMETERS = ['virtual_alias_maps', 'local_recipient_maps', 'transport_maps', 'smtpd_recipient_restrictions'];
const POSTCONF: CommandSpec = { argv: ['/usr/sbin/postconf', '-x', '-h', ...POSTFIX_MAP_PARAMETERS] };
const SENDMAIL_CF: CommandSpec = { argv: ['/bin/cat', '/etc/mail/sendmail.cf'] };

/** Debian's paths and services. */
export function defaultHostSettings(flavor: HostFlavor, mapDir: string): HostSettings {
  const common = {
    publishMode: 'full' as const,
    mapDir: mapDir.replace(/\/+$/, ''),
    mapShards: 1,
    keepRevisions: 3,
    commandTimeoutMs: 600_000,
    dovecot: { uid: 5000, gid: 5000, homeBase: '/var/vmail', passwdGroup: 'dovecot' },
  };
  if (flavor === 'SENDMAIL') {
    return {
      ...common,
      commands: {
        buildMap: { argv: ['/usr/sbin/makemap', 'hash', '{file}'], stdin: '{file}' },
        // makemap from the panel's own reading of the aliases ({pairs}: lib/sync/publish-layout.ts aliasPairs),
        // not `sendmail -bi`: that sleeps 60 s first wherever the host name is not fully qualified.
        buildAliases: { argv: ['/usr/sbin/makemap', 'hash', '{file}'], stdin: '{pairs}' },
        // A few lookups (one process each, in parallel). A dump (`makemap -u hash {file}`) also counts the
        // entries, but costs as much as the build itself (docs/publishing.md, figures: "map dump").
        checkMap: { argv: ['/usr/sbin/editmap', '-q', 'hash', '{file}', '{key}'] },
        checkAliases: { argv: ['/usr/sbin/editmap', '-q', 'hash', '{file}', '{key}'] },
        // makemap -o appends to the copy, -r replaces a key it holds (without: "duplicate key", exit 65);
        // editmap -x removes one key a process (measured with sendmail 8.17: docs/publishing.md).
        patchMap: {
          put: { argv: ['/usr/sbin/makemap', '-o', '-r', 'hash', '{file}'], stdin: '{lines}' },
          remove: { argv: ['/usr/sbin/editmap', '-x', 'hash', '{file}', '{key}'] },
        },
        patchAliases: {
          put: { argv: ['/usr/sbin/makemap', '-o', '-r', 'hash', '{file}'], stdin: '{pairs}' },
          remove: { argv: ['/usr/sbin/editmap', '-x', 'hash', '{file}', '{key}'] },
        },
        readConfig: SENDMAIL_CF,
        // --oknodo: no daemon running (e.g. sendmail only run from inetd or cron) is fine.
        reload: [{ argv: SENDMAIL_HUP, when: ['local-host-names'] }],
        quotaGet: QUOTA_GET,
      },
    };
  }
  return {
    ...common,
    commands: {
      buildMap: { argv: ['/usr/sbin/postmap', 'hash:{file}'] },
      buildAliases: { argv: ['/usr/sbin/postalias', 'hash:{file}'] },
      checkMap: { argv: ['/usr/sbin/postmap', '-q', '-', 'hash:{file}'], stdin: '{keys}' },
      checkAliases: { argv: ['/usr/sbin/postalias', '-q', '-', 'hash:{file}'], stdin: '{keys}' },
      checkRegexp: { argv: ['/usr/sbin/postmap', '-q', '-', 'regexp:{file}'], stdin: '{keys}' },
      // -i updates the table in place, -r replaces a key it holds (without: a warning, and the old value
      // stays); -d - removes the keys read from stdin (exit 1 when none was there).
      patchMap: {
        put: { argv: ['/usr/sbin/postmap', '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
        remove: { argv: ['/usr/sbin/postmap', '-d', '-', 'hash:{file}'], stdin: '{keys}' },
      },
      patchAliases: {
        put: { argv: ['/usr/sbin/postalias', '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
        remove: { argv: ['/usr/sbin/postalias', '-d', '-', 'hash:{file}'], stdin: '{keys}' },
      },
      readConfig: POSTCONF,
      reload: [{ argv: ['/usr/sbin/postfix', 'reload'], when: POSTFIX_MAPS }],
      quotaGet: QUOTA_GET,
    },
  };
}

/**
 * A host's effective settings: the flavour's defaults, overridden by what MailHost.settings holds (any
 * subset: `dovecot` and `commands` merge field by field), with MailHost.mapDir; validated. Throws a ZodError.
 */
export function resolveHostSettings(flavor: HostFlavor, mapDir: string, stored: unknown): HostSettings {
  const base = defaultHostSettings(flavor, mapDir);
  const over = isRecord(stored) ? stored : {};
  const commands: Record<string, unknown> = { ...base.commands, ...(isRecord(over.commands) ? over.commands : {}) };
  // The default patch belongs to the default build: a host that builds with its own command (another
  // map type, a wrapper) patches only with patch commands of its own.
  const own = isRecord(over.commands) ? over.commands : {};
  const ownBuild = (name: 'buildMap' | 'buildAliases') => name in own && JSON.stringify(own[name]) !== JSON.stringify(base.commands[name]);
  if (ownBuild('buildMap') && !('patchMap' in own)) delete commands.patchMap;
  if (ownBuild('buildAliases') && !('patchAliases' in own)) delete commands.patchAliases;
  // So does the default reading of the configuration: Debian's MTA, where the default tools are. A host
  // that builds with tools of its own (another configuration directory, a wrapper) is checked only with a
  // readConfig of its own.
  if (ownBuild('buildMap') && !('readConfig' in own)) delete commands.readConfig;
  return HostSettingsInput.parse({
    ...base,
    ...over,
    mapDir,
    dovecot: { ...base.dovecot, ...(isRecord(over.dovecot) ? over.dovecot : {}) },
    commands,
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
