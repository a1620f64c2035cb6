import type { CommandSpec, HostFlavor, HostSettings } from './host-settings';
import { defaultHostSettings } from './host-settings';

// The host settings as flat form fields and back. A blank field means "the flavour's default" and is not
// stored, so a host follows improved defaults unless an admin chose otherwise (MailHost.settings holds
// only the overrides; lib/validation/host-settings.ts merges them). A command is one line of words (arguments
// never contain spaces), with two markers: `< {file}` gives the file as standard input, and for reload
// commands `if-changed a,b` runs it only when one of those files changed.

export const COMMAND_FIELDS = ['buildMap', 'buildAliases', 'checkMap', 'checkAliases', 'checkRegexp', 'readConfig'] as const;

export type SettingsForm = Record<string, string>;

export function commandText(spec: CommandSpec | undefined): string {
  if (!spec) return '';
  return [...spec.argv, ...(spec.stdin ? ['<', spec.stdin] : []), ...(spec.when?.length ? ['if-changed', spec.when.join(',')] : [])].join(
    ' ',
  );
}

export function parseCommand(text: string): CommandSpec {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const argv: string[] = [];
  const spec: CommandSpec = { argv };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    if (word === '<') spec.stdin = words[++i] ?? '';
    else if (word === 'if-changed') spec.when = (words[++i] ?? '').split(',').filter(Boolean);
    else argv.push(word);
  }
  return spec;
}

/** The form's placeholders: what a blank field means for this flavour. */
export function defaultsAsForm(flavor: HostFlavor, mapDir = '/etc/mail'): SettingsForm {
  return settingsAsForm(defaultHostSettings(flavor, mapDir));
}

export function settingsAsForm(
  s: Partial<HostSettings> & { dovecot?: Partial<HostSettings['dovecot']>; commands?: Partial<HostSettings['commands']> },
): SettingsForm {
  const form: SettingsForm = {};
  if (s.publishMode !== undefined) form.publishMode = s.publishMode;
  if (s.keepRevisions !== undefined) form.keepRevisions = String(s.keepRevisions);
  if (s.mapShards !== undefined) form.mapShards = String(s.mapShards);
  if (s.commandTimeoutMs !== undefined) form.commandTimeoutSeconds = String(Math.round(s.commandTimeoutMs / 1000));
  if (s.dovecot?.uid !== undefined) form.dovecotUid = String(s.dovecot.uid);
  if (s.dovecot?.gid !== undefined) form.dovecotGid = String(s.dovecot.gid);
  if (s.dovecot?.homeBase !== undefined) form.dovecotHomeBase = s.dovecot.homeBase;
  if (s.dovecot?.passwdGroup !== undefined)
    form.dovecotPasswdGroup = s.dovecot.passwdGroup === null ? 'none' : String(s.dovecot.passwdGroup);
  for (const field of COMMAND_FIELDS) if (s.commands?.[field]) form[`cmd_${field}`] = commandText(s.commands[field]);
  if (s.commands?.reload) form.cmd_reload = s.commands.reload.length ? s.commands.reload.map(commandText).join('\n') : 'none';
  return form;
}

/** The overrides the non-blank fields make (numbers stay strings when not numbers: validation says so). */
export function overridesFromForm(values: Record<string, unknown>): Record<string, unknown> {
  const text = (key: string) => (typeof values[key] === 'string' ? (values[key] as string).trim() : '');
  const number = (key: string) => (/^\d+$/.test(text(key)) ? Number(text(key)) : text(key));
  const out: Record<string, unknown> = {};
  const dovecot: Record<string, unknown> = {};
  const commands: Record<string, unknown> = {};
  // 'full' is the default and is not stored, so the host follows it; anything else is kept for validation.
  if (text('publishMode') && text('publishMode') !== 'full') out.publishMode = text('publishMode');
  if (text('keepRevisions')) out.keepRevisions = number('keepRevisions');
  if (text('mapShards')) out.mapShards = number('mapShards');
  if (text('commandTimeoutSeconds')) {
    const seconds = number('commandTimeoutSeconds');
    out.commandTimeoutMs = typeof seconds === 'number' ? seconds * 1000 : seconds;
  }
  if (text('dovecotUid')) dovecot.uid = number('dovecotUid');
  if (text('dovecotGid')) dovecot.gid = number('dovecotGid');
  if (text('dovecotHomeBase')) dovecot.homeBase = text('dovecotHomeBase');
  if (text('dovecotPasswdGroup')) dovecot.passwdGroup = text('dovecotPasswdGroup') === 'none' ? null : number('dovecotPasswdGroup');
  for (const field of COMMAND_FIELDS) if (text(`cmd_${field}`)) commands[field] = parseCommand(text(`cmd_${field}`));
  if (text('cmd_reload')) {
    commands.reload =
      text('cmd_reload') === 'none'
        ? []
        : text('cmd_reload')
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean)
            .map(parseCommand);
  }
  if (Object.keys(dovecot).length) out.dovecot = dovecot;
  if (Object.keys(commands).length) out.commands = commands;
  return out;
}

/** Which form field a settings validation issue belongs to (its path in HostSettings). */
export function fieldOfSettingsPath(path: readonly PropertyKey[]): string {
  const [first, second] = path.map(String);
  if (first === 'dovecot' && second) return `dovecot${second[0]?.toUpperCase()}${second.slice(1)}`;
  // The patch commands are not on the form (docs/publishing.md, "Patching a map"): said above it.
  if (first === 'commands' && second)
    return (COMMAND_FIELDS as readonly string[]).includes(second) || second === 'reload' ? `cmd_${second}` : 'form';
  if (first === 'commandTimeoutMs') return 'commandTimeoutSeconds';
  return first ?? 'form';
}
