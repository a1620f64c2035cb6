import { seededRandom } from './random-snapshot';
import { emptyRows, ownedKey, type Rows } from './host-rows';
import type { AliasTarget, SnapshotAccount, SnapshotAlias, SnapshotVirtmap, VirtmapTarget } from '@/lib/mail/snapshot';

// Random hosts as rows (host-rows.ts) over a few domains, owners and names that collide on purpose: every
// kind of virtmap target (chains into other local domains, redirects, %1, rejections), aliases, accounts
// with logins and autoreplies. For the tests that compare a render made another way with a whole render.

export const DOMAINS = ['a.example', 'b.example', 'c.example', 'd.example', 'z.example'];
export const OWNERS = ['one', 'two', 'zed'];
export const NAMES = ['bob', 'joe', 'joe-x', 'sales', 'x'];
export const LOCALS = ['', '', 'bob', 'joe', 'joe+news', 'sales', 'x', 'nobody', 'postmaster'];
export const DOVECOT_OPTS = { uid: 5000, gid: 5000, homeBase: '/var/mail/vhosts' };
const HASH = '{SHA512-CRYPT}$6$salt$hash';

export function picker(random: () => number) {
  return <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
}

export function virtmapTarget(random: () => number): VirtmapTarget {
  const pick = picker(random);
  const keep = random() < 0.2 ? { keepDetail: true as const } : {};
  switch (pick(['local', 'local', 'external', 'local-domain', 'redirect', 'percent', 'reject'])) {
    case 'local':
      return { kind: 'local', name: pick(NAMES), ...keep };
    case 'external':
      return { kind: 'external', address: `${pick(NAMES)}@else.example`, ...keep };
    case 'local-domain':
      return { kind: 'external', address: `${pick(NAMES)}@${pick(DOMAINS)}`, ...keep };
    case 'redirect':
      return { kind: 'domainRedirect', domain: pick(DOMAINS), ...keep };
    case 'percent':
      return { kind: 'localPart', ...keep };
    default:
      return { kind: 'reject', code: pick(['unknown', 'nouser', 'tempfail'] as const), text: 'Gone away' };
  }
}

export function aliasTargets(random: () => number): AliasTarget[] {
  const pick = picker(random);
  const targets = new Map<string, AliasTarget>();
  for (let i = 1 + Math.floor(random() * 2); i > 0; i -= 1) {
    const roll = pick(['local', 'account', 'external', 'local-domain', 'discard'] as const);
    const target: AliasTarget =
      roll === 'local'
        ? { kind: 'local', name: pick(NAMES) }
        : roll === 'account'
          ? { kind: 'account', name: pick(NAMES) }
          : roll === 'external'
            ? { kind: 'external', address: `${pick(NAMES)}@else.example` }
            : roll === 'local-domain'
              ? { kind: 'external', address: `${pick(NAMES)}@${pick(DOMAINS)}` }
              : { kind: 'discard' };
    targets.set(JSON.stringify(target), target);
  }
  return [...targets.values()];
}

export function account(random: () => number, owner: string, name: string): SnapshotAccount {
  const pick = picker(random);
  return {
    name,
    owner,
    passwordHash: HASH,
    quotaMb: 1 + Math.floor(random() * 100),
    ...(random() < 0.5 ? { login: `${name}@${pick(DOMAINS)}` } : {}),
    ...(random() < 0.3 ? { autoreply: { subject: 'Away', text: 'Back soon.\n', days: 7 } } : {}),
    ...(random() < 0.1 ? { loginDisabled: true as const } : {}),
  };
}

export function randomRows(random: () => number): Rows {
  const pick = picker(random);
  const rows = emptyRows();
  for (const d of DOMAINS) if (random() < 0.8) rows.domains.set(d, { name: d, owner: pick(OWNERS), strict: random() < 0.2 });
  for (let i = 0; i < 10; i += 1) {
    const owner = pick(OWNERS);
    const a = account(random, owner, pick(NAMES));
    rows.accounts.set(ownedKey(a), a);
    const l: SnapshotAlias = { name: pick(NAMES), owner: pick(OWNERS), targets: aliasTargets(random) };
    rows.aliases.set(ownedKey(l), l);
  }
  for (let i = 0; i < 14; i += 1) {
    const v: SnapshotVirtmap = { domain: pick(DOMAINS), localPart: pick(LOCALS), target: virtmapTarget(random) };
    rows.virtmaps.set(`${v.domain}@${v.localPart}`, v);
  }
  return rows;
}

/** A random host's rows for `seed`. */
export const randomRowsOf = (seed: number): Rows => randomRows(seededRandom(seed));
