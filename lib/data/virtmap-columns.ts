import type { RejectCode as DbRejectCode, VirtmapTargetKind } from '../generated/prisma/enums';
import { isNamedRejectCode, parseRejectCode, type NamedRejectCode } from '../mail/reject-codes';
import type { VirtmapTarget } from '../mail/snapshot';

// A virtmap target in the Virtmap table's columns and back: the one mapping every writer and reader uses.
// A rejection is its code (the three named ones as enum values, any other `D.D.D:NNN` as STATUS with the
// code in rejectStatus) and its text.

const DB_NAMED: Record<NamedRejectCode, DbRejectCode> = { nouser: 'NOUSER_553', unknown: 'UNKNOWN_550', tempfail: 'TEMPFAIL_450' };
const NAMED_OF = new Map(Object.entries(DB_NAMED).map(([code, db]) => [db, code as NamedRejectCode]));

/** The columns a reader selects to rebuild a target with virtmapTarget. */
export const VIRTMAP_TARGET_SELECT = {
  targetKind: true,
  targetValue: true,
  rejectCode: true,
  rejectStatus: true,
  rejectText: true,
} as const;

export interface VirtmapColumns {
  targetKind: VirtmapTargetKind;
  targetValue: string;
  rejectCode: DbRejectCode | null;
  rejectStatus: string | null;
  rejectText: string | null;
}

export function virtmapColumns(t: VirtmapTarget): VirtmapColumns {
  const none = { targetValue: '', rejectCode: null, rejectStatus: null, rejectText: null };
  switch (t.kind) {
    case 'local':
      return { ...none, targetKind: 'LOCAL', targetValue: t.name };
    case 'external':
      return { ...none, targetKind: 'EXTERNAL', targetValue: t.address };
    case 'domainRedirect':
      return { ...none, targetKind: 'DOMAIN_REDIRECT', targetValue: t.domain };
    case 'localPart':
      return { ...none, targetKind: 'LOCAL_PART' };
    case 'reject':
      return isNamedRejectCode(t.code)
        ? { ...none, targetKind: 'REJECT', rejectCode: DB_NAMED[t.code], rejectText: t.text }
        : { ...none, targetKind: 'REJECT', rejectCode: 'STATUS', rejectStatus: t.code, rejectText: t.text };
  }
}

export function virtmapTarget(v: VirtmapColumns): VirtmapTarget {
  switch (v.targetKind) {
    case 'LOCAL':
      return { kind: 'local', name: v.targetValue };
    case 'EXTERNAL':
      return { kind: 'external', address: v.targetValue };
    case 'DOMAIN_REDIRECT':
      return { kind: 'domainRedirect', domain: v.targetValue };
    case 'LOCAL_PART':
      return { kind: 'localPart' };
    case 'REJECT': {
      // The table's CHECK keeps rejectStatus a valid code for STATUS rows.
      const status = v.rejectCode === 'STATUS' ? parseRejectCode(v.rejectStatus ?? '') : undefined;
      const code = status?.ok ? status.value : (NAMED_OF.get(v.rejectCode ?? 'UNKNOWN_550') ?? 'unknown');
      return { kind: 'reject', code, text: v.rejectText ?? '' };
    }
  }
}
