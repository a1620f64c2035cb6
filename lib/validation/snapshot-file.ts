import { z } from 'zod';
import { checkALabelName } from '../mail/domain-name';
import { normalizeName, normalizeVirtmapLocalPart } from '../mail/names';
import { isRejectCode } from '../mail/reject-codes';
import type { MailSnapshot } from '../mail/snapshot';
import { REDACTED_HASH } from '../mail/snapshot-redaction';
import { checkAliasTarget, checkVirtmapTarget, normalizeExternalAddress } from '../mail/targets';
import { OWNER_TAG } from '../mail/tenancy';
import { autoreplyProblems } from '../mail/autoreply';
import type { Checked } from '../mail/checked';

// A snapshot file (docs/snapshot.md) as the command line reads it. Every value must already be in the
// stored, normalised form — the same rules the panel's forms apply — so a file can never carry into the
// renderers anything the panel itself would refuse.

function normalised<T>(rule: (v: T) => Checked<T>, what: string) {
  return (value: T, ctx: z.RefinementCtx) => {
    const checked = rule(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: `${what}: ${checked.problems.join(' ')}` });
    else if (JSON.stringify(checked.value) !== JSON.stringify(value)) {
      ctx.addIssue({ code: 'custom', message: `${what} must be written in its normalised form: ${JSON.stringify(checked.value)}` });
    }
  };
}

const autoreply = z
  .object({
    subject: z.string(),
    text: z.string(),
    startsOn: z.string().optional(),
    endsOn: z.string().optional(),
    days: z.number(),
  })
  .strict()
  .superRefine((a, ctx) => {
    for (const p of autoreplyProblems(a)) ctx.addIssue({ code: 'custom', path: [p.field], message: p.message });
  });

const name = z.string().superRefine(normalised((v: string) => normalizeName(v, 'account'), 'name'));
const domain = z.string().superRefine(normalised(checkALabelName, 'domain'));

const aliasTarget = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('local'), name: z.string(), detail: z.string().optional() }),
    z.object({ kind: z.literal('account'), name: z.string() }),
    z.object({ kind: z.literal('external'), address: z.string() }),
    z.object({ kind: z.literal('discard') }),
  ])
  .superRefine(normalised(checkAliasTarget, 'alias target'));

const keepDetail = z.literal(true).optional();
const virtmapTarget = z
  .discriminatedUnion('kind', [
    // `detail`: a local name's own "+detail"; `keepDetail`: the address's "+detail" passed on (`%3`).
    z.object({ kind: z.literal('local'), name: z.string(), detail: z.string().optional(), keepDetail: keepDetail }),
    z.object({ kind: z.literal('external'), address: z.string(), keepDetail: keepDetail }),
    z.object({ kind: z.literal('domainRedirect'), domain: z.string(), keepDetail: keepDetail }),
    z.object({ kind: z.literal('localPart'), keepDetail: keepDetail }),
    z.object({
      kind: z.literal('reject'),
      // nouser, unknown, tempfail, or any other `D.D.D:NNN` as sendmail writes it (lib/mail/reject-codes.ts).
      code: z.string().refine(isRejectCode, 'a rejection code is nouser, unknown, tempfail or D.D.D:NNN such as 5.7.1:550'),
      text: z.string(),
    }),
  ])
  .superRefine(normalised(checkVirtmapTarget, 'virtmap target'));

// A printed snapshot carries REDACTED_HASH instead of each hash (lib/mail/snapshot-redaction.ts): it still
// traces and renders the MTA's maps; only a Dovecot passwd-file needs the real hashes.
const HASH = /^\{(ARGON2ID|ARGON2I|SHA512-CRYPT|SHA256-CRYPT|BLF-CRYPT|MD5-CRYPT|CRYPT)\}[!-~]+$/;
const passwordHash = z
  .string()
  .refine(
    (h) => h === REDACTED_HASH || HASH.test(h),
    `passwordHash must be "{SCHEME}hash" with a scheme Dovecot verifies (ARGON2ID, ARGON2I, SHA512-CRYPT, SHA256-CRYPT, BLF-CRYPT, MD5-CRYPT, CRYPT), without spaces, or "${REDACTED_HASH}"`,
  )
  .refine((h) => !h.includes(':'), 'passwordHash may not contain ":"');
const host = z.object({
  name: z.string().regex(/^[a-z0-9](?:[a-z0-9.-]{0,61}[a-z0-9])?$/, 'host.name must be a plain host name'),
  flavor: z.enum(['sendmail', 'postfix']),
});
const aliasName = z.string().superRefine(normalised((v: string) => normalizeName(v, 'alias'), 'alias name'));
const virtmap = z.object({
  domain,
  localPart: z.string().superRefine(normalised(normalizeVirtmapLocalPart, 'localPart')),
  target: virtmapTarget,
});
/** A customer's tag (lib/mail/tenancy.ts): its names on the host are `tag-name`. */
const owner = z.string().regex(OWNER_TAG, 'owner must be a customer tag: 1-12 lower-case letters and digits');
const address = z
  .string()
  .superRefine(normalised(normalizeExternalAddress, 'login'))
  .refine((a) => a === a.toLowerCase(), 'login must be lower case');

const Version1 = z.object({
  version: z.literal(1),
  host,
  domains: z.array(domain),
  accounts: z.array(
    z.object({
      name,
      passwordHash,
      quotaMb: z.number().int().min(1, 'quotaMb must be at least 1'),
      loginDisabled: z.literal(true).optional(),
      autoreply: autoreply.optional(),
    }),
  ),
  aliases: z.array(z.object({ name: aliasName, targets: z.array(aliasTarget).min(1) })),
  virtmaps: z.array(virtmap),
});

/** Version 2: who owns what (docs/snapshot.md); names are each customer's own. */
const Version2 = z
  .object({
    version: z.literal(2),
    host,
    domains: z.array(domain),
    domainOwners: z.record(z.string(), owner),
    strictDomains: z.array(domain).optional(),
    accounts: z.array(
      z.object({
        name,
        owner,
        passwordHash,
        quotaMb: z.number().int().min(1, 'quotaMb must be at least 1'),
        loginDisabled: z.literal(true).optional(),
        login: address.optional(),
        legacyLogin: name.optional(),
        mailbox: z
          .string()
          .regex(/^[a-z0-9][a-z0-9._-]{0,76}$/, 'mailbox must be a directory name a-z 0-9 . _ -')
          .optional(),
        autoreply: autoreply.optional(),
      }),
    ),
    aliases: z.array(z.object({ name: aliasName, owner, targets: z.array(aliasTarget).min(1) })),
    virtmaps: z.array(virtmap),
  })
  .superRefine((s, ctx) => {
    for (const d of s.domains)
      if (!(d in s.domainOwners)) ctx.addIssue({ code: 'custom', path: ['domainOwners'], message: `domain ${d} has no owner` });
    for (const d of Object.keys(s.domainOwners))
      if (!s.domains.includes(d)) ctx.addIssue({ code: 'custom', path: ['domainOwners', d], message: `${d} is not in domains` });
    for (const d of s.strictDomains ?? [])
      if (!s.domains.includes(d)) ctx.addIssue({ code: 'custom', path: ['strictDomains'], message: `${d} is not in domains` });
  });

export const SnapshotFile = z.discriminatedUnion('version', [Version1, Version2]) satisfies z.ZodType<MailSnapshot>;

/** Parses a snapshot file's text; the problems name the JSON path of each bad value. */
export function parseSnapshotFile(text: string): { ok: true; snapshot: MailSnapshot } | { ok: false; problems: string[] } {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`not JSON: ${error instanceof Error ? error.message : String(error)}`] };
  }
  const version = typeof json === 'object' && json !== null && 'version' in json ? (json as { version: unknown }).version : undefined;
  if (version !== 1 && version !== 2) {
    return {
      ok: false,
      problems: [
        `version: ${JSON.stringify(version ?? null)} is not a snapshot version this mailpanel reads (1: a classic host; 2: names owned by customers; docs/snapshot.md)`,
      ],
    };
  }
  const parsed = SnapshotFile.safeParse(json);
  if (parsed.success) return { ok: true, snapshot: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`) };
}
