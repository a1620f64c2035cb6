import { accept } from '../mail/checked';
import { parseRejectCode } from '../mail/reject-codes';
import { z } from 'zod';
import { ROLE_LOCAL_PARTS } from '../mail/tenancy';
import { normalizeAliasName, normalizeVirtmapLocalPart } from '../mail/names';
import type { AliasTarget, VirtmapTarget } from '../mail/snapshot';
import {
  checkVirtmapTarget,
  MAX_ALIAS_TARGETS_TEXT,
  parseAliasTargets,
  parseVirtmapTarget,
  splitTargets,
  TARGETS_TOO_LONG,
} from '../mail/targets';
import { checkbox, editVersion, fromRule, id } from './fields';

const optionalId = z.preprocess((v) => (v === '' || v === null ? undefined : v), id.optional());
const optionalText = z.preprocess((v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined), z.string().max(2000).optional());

// The typed list is capped before the rule splits it (lib/mail/targets.ts, MAX_ALIAS_TARGETS), so a huge
// paste costs one length check and answers with one sentence.
const aliasTargets = z.string().max(MAX_ALIAS_TARGETS_TEXT, TARGETS_TOO_LONG).pipe(fromRule(parseAliasTargets));

export const AliasInput = z.object({
  customerId: optionalId,
  mailHostId: optionalId,
  name: fromRule(normalizeAliasName),
  targets: aliasTargets,
});
export type AliasInput = z.infer<typeof AliasInput>;

/** An alias's targets edited, with the version of the alias the form was drawn from (lib/data/edit-version.ts). */
export const AliasTargetsInput = z.object({ targets: aliasTargets, version: editVersion });

/**
 * A virtmap as the form sends it: the local part ("" for the catch-all), and either "deliver" with
 * the target typed in virtusertable's words, or "reject" with a code and a message. Several targets
 * (one per line or comma-separated) become an alias plus the virtmap (a virtmap has one target).
 */
export const VirtmapInput = z
  .object({
    domainId: id,
    localPart: fromRule(normalizeVirtmapLocalPart),
    action: z.enum(['deliver', 'reject'], { message: 'Choose deliver or reject.' }),
    target: optionalText,
    /** The three common replies, or "other" with the code typed in rejectStatus (`5.7.1:550`). */
    rejectCode: z.enum(['nouser', 'unknown', 'tempfail', 'other']).default('unknown'),
    rejectStatus: optionalText,
    rejectText: optionalText,
    /** With several targets: the name of the alias that holds them. */
    aliasName: optionalText,
    /** For a catch-all: also give each account an address of its own so it keeps receiving mail. */
    protectAccounts: checkbox.optional().default(false),
  })
  .transform((v, ctx) => {
    const fail = (path: string, message: string) => {
      ctx.addIssue({ code: 'custom', path: [path], message });
      return z.NEVER;
    };
    if (v.action === 'reject') {
      // RFC 5321 §4.5.1: postmaster@ (and abuse@, RFC 2142) of every domain must stay deliverable.
      if ((ROLE_LOCAL_PARTS as readonly string[]).includes(v.localPart.split('+')[0] ?? '')) {
        return fail(
          'action',
          `${v.localPart}@ must stay deliverable on every domain: send it to one of your accounts or an address instead of refusing it.`,
        );
      }
      const code = v.rejectCode === 'other' ? parseRejectCode(v.rejectStatus ?? '') : accept(v.rejectCode);
      if (!code.ok) return fail('rejectStatus', code.problems.join(' '));
      const checked = checkVirtmapTarget({ kind: 'reject', code: code.value, text: v.rejectText ?? '' });
      if (!checked.ok) return fail('rejectText', checked.problems.join(' '));
      return { ...base(v), target: checked.value, aliasTargets: null as AliasTarget[] | null, aliasName: null as string | null };
    }
    const typed = v.target ?? '';
    if (typed.trim() === '') return fail('target', 'Enter where mail to this address goes.');
    const several = splitTargets(typed).length > 1;
    if (!several) {
      const checked = parseVirtmapTarget(typed);
      if (!checked.ok) return fail('target', checked.problems.join(' '));
      return { ...base(v), target: checked.value, aliasTargets: null, aliasName: null };
    }
    const targets = parseAliasTargets(typed);
    if (!targets.ok) return fail('target', targets.problems.join(' '));
    const alias = normalizeAliasName(v.aliasName ?? '');
    if (!alias.ok) return fail('aliasName', `A virtmap has one target; several need an alias. ${alias.problems.join(' ')}`);
    const target: VirtmapTarget = { kind: 'local', name: alias.value };
    return { ...base(v), target, aliasTargets: targets.value, aliasName: alias.value };
  });
export type VirtmapInput = z.output<typeof VirtmapInput>;

function base(v: { domainId: string; localPart: string; protectAccounts: boolean }) {
  return { domainId: v.domainId, localPart: v.localPart, protectAccounts: v.protectAccounts };
}
