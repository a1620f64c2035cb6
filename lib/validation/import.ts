import { isUtf8 } from 'node:buffer';
import { z } from 'zod';
import { checkbox, displayName } from './fields';

// The import form's fields (app/(panel)/mail-hosts/[id]/import): a legacy sendmail host's files, uploaded
// and turned into text before parsing (lib/web/uploaded-files.ts), and who they are for. What the files
// say is judged by the reader and the import plan, line by line; here only their size and shape.

/** One file of a host: up to 32 MB of text (a 20,000-line virtusertable is about 1 MB). */
export const MAX_IMPORT_FILE_CHARS = 32 * 1024 * 1024;
const fileText = z.string().max(MAX_IMPORT_FILE_CHARS, 'The file is larger than 32 MB.').default('');

/** The form's file fields, by the host file each holds (their names are the reader's: lib/mail/legacy-host.ts). */
export const IMPORT_FILE_FIELDS = {
  file_virtusertable: 'virtusertable',
  file_aliases: 'aliases',
  file_local_host_names: 'local-host-names',
  file_sendmail_cw: 'sendmail.cw',
  file_passwd: 'passwd',
  file_shadow: 'shadow',
} as const;

export const ImportUploadInput = z
  .object({
    customer: displayName('customer name'),
    newCustomer: checkbox,
    file_virtusertable: fileText,
    file_aliases: fileText,
    file_local_host_names: fileText,
    file_sendmail_cw: fileText,
    file_passwd: fileText,
    file_shadow: fileText,
    /** The `:include:` lists: a JSON object of file name → text (lib/web/uploaded-files.ts builds it). */
    file_includes: z
      .string()
      .max(MAX_IMPORT_FILE_CHARS)
      .default('{}')
      .transform((text, ctx) => {
        try {
          const parsed = z.record(z.string().max(255), z.string()).parse(JSON.parse(text));
          return parsed;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'The include files could not be read.' });
          return z.NEVER;
        }
      }),
    /** A `domain,customer` mapping file (optional). */
    file_customers: fileText,
  })
  .superRefine((v, ctx) => {
    const any = Object.keys(IMPORT_FILE_FIELDS).some((k) => v[k as keyof typeof IMPORT_FILE_FIELDS] !== '');
    if (!any) ctx.addIssue({ code: 'custom', path: ['file_virtusertable'], message: 'Choose at least one of the host’s files.' });
  });
export type ImportUploadInput = z.infer<typeof ImportUploadInput>;

/** `domain,customer` lines: a header line and # comments allowed; a domain's trailing dot dropped. */
export function parseCustomerMapping(text: string): { ok: true; value: Record<string, string> } | { ok: false; problem: string } {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '' || /^domain\s*,\s*customer$/i.test(line)) continue;
    const [domain, customer, extra] = line.split(',').map((s) => s.trim());
    if (!domain || !customer || extra !== undefined) return { ok: false, problem: `Line ${i + 1}: expected "domain,customer".` };
    out[domain.toLowerCase().replace(/\.$/, '')] = customer;
  }
  return { ok: true, value: out };
}

/** The mail CSV form (app/(panel)/import): the file, and whether only to check it. */
export const MailCsvInput = z.object({
  file_csv: z.string().min(1, 'Choose a CSV file.').max(MAX_IMPORT_FILE_CHARS, 'The file is larger than 32 MB.'),
  intent: z.enum(['check', 'import']).default('check'),
});
export type MailCsvInput = z.infer<typeof MailCsvInput>;

/**
 * A host file's text as the readers take it: UTF-8 when its bytes are (a BOM kept, for the reader to see),
 * else Latin-1 byte for byte, as old hosts wrote. The same for an upload, a directory and a host's transport.
 */
export function decodeHostFile(bytes: Buffer): string {
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** "Import what this host has now": where the files are on the host, and who they are for. */
export const HostFilesInput = z.object({
  root: z
    .string()
    .trim()
    .default('/')
    .refine((v) => /^\/[A-Za-z0-9._/-]*$/.test(v) && !v.split('/').includes('..'), 'Enter an absolute path, such as / or /srv/old-host.'),
  customer: displayName('customer name'),
  newCustomer: checkbox,
});
export type HostFilesInput = z.infer<typeof HostFilesInput>;
