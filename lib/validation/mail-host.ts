import { z } from 'zod';

// A mail host as the operator enters it. The SSH fields are required only for the SSH transport; the
// pinned host key is one OpenSSH public key line ("ssh-ed25519 AAAA…"), nothing more.
const hostName = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/, 'Use letters, digits, dots and hyphens (up to 63), such as mx1.');

const path = z
  .string()
  .trim()
  .min(1, 'Enter the directory of the live maps.')
  .max(400)
  .regex(/^[A-Za-z0-9._/-]+$/, 'Use a plain path: letters, digits, ".", "_", "-" and "/".')
  .refine((p) => !p.split('/').includes('..'), 'The path may not contain "..".');

export const MailHostInput = z
  .object({
    name: hostName,
    flavor: z.enum(['SENDMAIL', 'POSTFIX'], { message: 'Choose sendmail or Postfix.' }),
    transport: z.enum(['LOCAL', 'SSH'], { message: 'Choose local or SSH.' }),
    mapDir: path,
    sshHost: z.string().trim().max(253).optional(),
    sshPort: z.coerce.number().int().min(1).max(65535).default(22),
    sshUser: z.string().trim().max(32).optional(),
    sshHostKey: z.string().trim().max(4096).optional(),
  })
  .superRefine((v, ctx) => {
    if (v.transport !== 'SSH') return;
    if (!v.sshHost || !/^[A-Za-z0-9.:-]+$/.test(v.sshHost)) ctx.addIssue({ code: 'custom', path: ['sshHost'], message: 'Enter the SSH host name or address.' });
    if (!v.sshUser || !/^[a-z_][a-z0-9_-]*$/.test(v.sshUser)) ctx.addIssue({ code: 'custom', path: ['sshUser'], message: 'Enter the SSH user name.' });
    if (!v.sshHostKey || !/^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(256|384|521)) [A-Za-z0-9+/=]+$/.test(v.sshHostKey)) {
      ctx.addIssue({ code: 'custom', path: ['sshHostKey'], message: 'Paste the host key line, such as "ssh-ed25519 AAAA…", to pin it.' });
    }
  });
export type MailHostInput = z.infer<typeof MailHostInput>;
