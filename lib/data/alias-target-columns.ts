import type { AliasTargetKind } from '../generated/prisma/enums';
import type { AliasTarget } from '../mail/snapshot';
import { DISCARD_TARGET } from '../mail/targets';

// An alias target in the AliasTarget table's columns and back: the one mapping every writer and reader
// uses. A discard is stored as DISCARD with the value /dev/null (the table's CHECK holds the pair).

const KIND: Record<AliasTarget['kind'], AliasTargetKind> = {
  local: 'LOCAL',
  account: 'ACCOUNT_DIRECT',
  external: 'EXTERNAL',
  discard: 'DISCARD',
};

export function aliasTargetColumns(t: AliasTarget): { kind: AliasTargetKind; value: string } {
  switch (t.kind) {
    case 'external':
      return { kind: KIND.external, value: t.address };
    case 'discard':
      return { kind: KIND.discard, value: DISCARD_TARGET };
    default:
      return { kind: KIND[t.kind], value: t.name };
  }
}

export function aliasTarget(t: { kind: AliasTargetKind; value: string }): AliasTarget {
  switch (t.kind) {
    case 'LOCAL':
      return { kind: 'local', name: t.value };
    case 'ACCOUNT_DIRECT':
      return { kind: 'account', name: t.value };
    case 'EXTERNAL':
      return { kind: 'external', address: t.value };
    case 'DISCARD':
      return { kind: 'discard' };
  }
}
