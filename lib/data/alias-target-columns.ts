import type { AliasTargetKind } from '../generated/prisma/enums';
import type { AliasTarget } from '../mail/snapshot';
import { DISCARD_TARGET, localNameTarget } from '../mail/targets';

// An alias target in the AliasTarget table's columns and back: the one mapping every writer and reader
// uses. A discard is stored as DISCARD with the value /dev/null (the table's CHECK holds the pair); a local
// name with its own detail as LOCAL `name+detail` (a name never holds "+").

export function aliasTargetColumns(t: AliasTarget): { kind: AliasTargetKind; value: string } {
  switch (t.kind) {
    case 'local':
      return { kind: 'LOCAL', value: t.detail !== undefined ? `${t.name}+${t.detail}` : t.name };
    case 'account':
      return { kind: 'ACCOUNT_DIRECT', value: t.name };
    case 'external':
      return { kind: 'EXTERNAL', value: t.address };
    case 'discard':
      return { kind: 'DISCARD', value: DISCARD_TARGET };
  }
}

export function aliasTarget(t: { kind: AliasTargetKind; value: string }): AliasTarget {
  switch (t.kind) {
    case 'LOCAL':
      return localNameTarget(t.value);
    case 'ACCOUNT_DIRECT':
      return { kind: 'account', name: t.value };
    case 'EXTERNAL':
      return { kind: 'external', address: t.value };
    case 'DISCARD':
      return { kind: 'discard' };
  }
}
