import { z } from 'zod';
import { hostPolicy, hostSettingsProblems } from './host-policy';
import { resolveHostSettings } from './host-settings';
import { fieldOfSettingsPath, overridesFromForm } from './host-settings-form';

// A mail host as the operator enters it. The SSH fields are required only for the SSH transport; the
// pinned host key is one OpenSSH public key line ("ssh-ed25519 AAAA…"), nothing more. `settings` holds
// only the fields the admin changed from the flavour's defaults (lib/validation/host-settings-form.ts).
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/, 'Use letters, digits, dots and hyphens (up to 63), such as mx1.');

// The same rule as lib/validation/host-settings.ts: the publisher makes <mapDir>/rev-N and <mapDir>/current.
const path = z
  .string()
  .trim()
  .min(1, 'Enter the directory of the live maps.')
  .max(400)
  .regex(/^(\/[A-Za-z0-9._+-]+)+$/, 'Use an absolute path of letters, digits, ".", "_", "+" and "-", such as /etc/mail/panel.')
  .refine((p) => !p.split('/').some((part) => part === '..' || part === '.'), 'The path may not contain "." or ".." parts.');

export const SSH_KEY_MODES = ['generate', 'paste', 'keep'] as const;

export const MailHostInput = z
  .object({
    name: hostName,
    flavor: z.enum(['SENDMAIL', 'POSTFIX'], { message: 'Choose sendmail or Postfix.' }),
    transport: z.enum(['LOCAL', 'SSH'], { message: 'Choose local or SSH.' }),
    enabled: z.preprocess((v) => v === undefined || v === true || v === 'on' || v === 'true', z.boolean()).optional(),
    mapDir: path,
    sshHost: z.string().trim().max(253).optional(),
    sshPort: z.coerce.number().int().min(1).max(65535).default(22),
    sshUser: z.string().trim().max(32).optional(),
    sshHostKey: z.string().trim().max(4096).optional(),
    /** SSH only: make a new key pair (the default for a new host), use a pasted one, or keep the current one. */
    sshKey: z.enum(SSH_KEY_MODES).optional(),
    sshPrivateKey: z.string().max(16_384).optional(),
    settings: z.record(z.string(), z.unknown()).default({}),
  })
  .superRefine((v, ctx) => {
    if (v.transport === 'SSH') {
      if (!v.sshHost || !/^[A-Za-z0-9.:-]+$/.test(v.sshHost))
        ctx.addIssue({ code: 'custom', path: ['sshHost'], message: 'Enter the SSH host name or address.' });
      if (!v.sshUser || !/^[a-z_][a-z0-9_-]*$/.test(v.sshUser))
        ctx.addIssue({ code: 'custom', path: ['sshUser'], message: 'Enter the SSH user name.' });
      if (!v.sshHostKey || !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+( \S+)?$/.test(v.sshHostKey)) {
        ctx.addIssue({ code: 'custom', path: ['sshHostKey'], message: 'Paste the host key line, such as "ssh-ed25519 AAAA…", to pin it.' });
      }
      if (v.sshKey === 'paste' && !v.sshPrivateKey?.trim())
        ctx.addIssue({ code: 'custom', path: ['sshPrivateKey'], message: 'Paste the private key the panel should log in with.' });
    }
    let issues: { path: PropertyKey[]; message: string }[];
    try {
      // What the settings may do on the host at all (the map root, the offered commands: host-policy.ts).
      issues = hostSettingsProblems(resolveHostSettings(v.flavor, v.mapDir, v.settings), hostPolicy());
    } catch (error) {
      issues = error instanceof z.ZodError ? error.issues : [{ path: ['form'], message: String(error) }];
    }
    for (const issue of issues) ctx.addIssue({ code: 'custom', path: [fieldOfSettingsPath(issue.path)], message: issue.message });
  });
export type MailHostInput = z.input<typeof MailHostInput>;
export type MailHostValues = z.output<typeof MailHostInput>;

/**
 * The mail host forms as MailHostInput: the edit form has an "enabled" checkbox (absent when unchecked, so
 * `enabledShown` says it was there); the new-host form has none. Settings come as flat fields.
 */
export function parseMailHostForm(values: Record<string, string | string[]>) {
  return MailHostInput.safeParse({
    ...values,
    enabled: values.enabledShown ? (values.enabled ?? 'false') : undefined,
    settings: overridesFromForm(values),
  });
}

/** A link for /postoffice's "Open webmail": http or https only (no javascript:, no file:), or empty for none. */
export const WebmailUrlInput = z.object({
  webmailUrl: z
    .string()
    .trim()
    .max(2000, 'Use at most 2000 characters.')
    .refine(
      (v) => v === '' || isWebUrl(v),
      'Enter a web address that starts with https:// (or http://), such as https://webmail.example.com/.',
    )
    .transform((v) => (v === '' ? null : v)),
});
export type WebmailUrlInput = z.output<typeof WebmailUrlInput>;

// The database holds the same line (CHECK "webmailUrl" ~ '^https?://'): lower-case scheme, a host name.
function isWebUrl(v: string): boolean {
  if (!/^https?:\/\/[^\s/?#]/.test(v) || /\s/.test(v)) return false;
  try {
    const url = new URL(v);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}
