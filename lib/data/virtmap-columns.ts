import type { RejectCode as DbRejectCode, VirtmapTargetKind } from '../generated/prisma/enums';
import { isNamedRejectCode, parseRejectCode, type NamedRejectCode } from '../mail/reject-codes';
import type { VirtmapTarget } from '../mail/snapshot';

// A virtmap target in the Virtmap table's columns and back: the one mapping every writer and reader uses.
// A rejection is its code (the three named ones as enum values, any other `D.D.D:NNN` as STATUS with the
// code in rejectStatus) and its text. A local name's own "+detail" is targetDetail; `%3` is keepDetail.

const DB_NAMED: Record<NamedRejectCode, DbRejectCode> = { nouser: 'NOUSER_553', unknown: 'UNKNOWN_550', tempfail: 'TEMPFAIL_450' };
const NAMED_OF = new Map(Object.entries(DB_NAMED).map(([code, db]) => [db, code as NamedRejectCode]));

/** The columns a reader selects to rebuild a target with virtmapTarget. */
export const VIRTMAP_TARGET_SELECT = {
  targetKind: true,
  targetValue: true,
  rejectCode: true,
  rejectStatus: true,
  rejectText: true,
  targetDetail: true,
  keepDetail: true,
} as const;

export interface VirtmapColumns {
  targetKind: VirtmapTargetKind;
  targetValue: string;
  rejectCode: DbRejectCode | null;
  rejectStatus: string | null;
  rejectText: string | null;
  targetDetail: string | null;
  keepDetail: boolean;
}

export function virtmapColumns(t: VirtmapTarget): VirtmapColumns {
  const none = { targetValue: '', rejectCode: null, rejectStatus: null, rejectText: null, targetDetail: null, keepDetail: false };
  const keep = t.kind !== 'reject' && t.keepDetail === true;
  switch (t.kind) {
    case 'local':
      return { ...none, targetKind: 'LOCAL', targetValue: t.name, targetDetail: t.detail ?? null, keepDetail: keep };
    case 'external':
      return { ...none, targetKind: 'EXTERNAL', targetValue: t.address, keepDetail: keep };
    case 'domainRedirect':
      return { ...none, targetKind: 'DOMAIN_REDIRECT', targetValue: t.domain, keepDetail: keep };
    case 'localPart':
      return { ...none, targetKind: 'LOCAL_PART', keepDetail: keep };
    case 'reject':
      return isNamedRejectCode(t.code)
        ? { ...none, targetKind: 'REJECT', rejectCode: DB_NAMED[t.code], rejectText: t.text }
        : { ...none, targetKind: 'REJECT', rejectCode: 'STATUS', rejectStatus: t.code, rejectText: t.text };
  }
}

export function virtmapTarget(v: VirtmapColumns): VirtmapTarget {
  const keep = v.keepDetail ? ({ keepDetail: true } as const) : {};
  switch (v.targetKind) {
    case 'LOCAL':
      return v.targetDetail !== null
        ? { kind: 'local', name: v.targetValue, detail: v.targetDetail }
        : { kind: 'local', name: v.targetValue, ...keep };
    case 'EXTERNAL':
      return { kind: 'external', address: v.targetValue, ...keep };
    case 'DOMAIN_REDIRECT':
      return { kind: 'domainRedirect', domain: v.targetValue, ...keep };
    case 'LOCAL_PART':
      return { kind: 'localPart', ...keep };
    case 'REJECT': {
      // The table's CHECK keeps rejectStatus a valid code for STATUS rows.
      const status = v.rejectCode === 'STATUS' ? parseRejectCode(v.rejectStatus ?? '') : undefined;
      const code = status?.ok ? status.value : (NAMED_OF.get(v.rejectCode ?? 'UNKNOWN_550') ?? 'unknown');
      return { kind: 'reject', code, text: v.rejectText ?? '' };
    }
  }
}
