import Link from 'next/link';
import type { ActorKind } from '@/lib/auth/actor';

const LINKS: { href: string; label: string; kinds: ActorKind[] }[] = [
  { href: '/', label: 'Overview', kinds: ['admin', 'support', 'reseller', 'customer'] },
  { href: '/resellers', label: 'Resellers', kinds: ['admin', 'support'] },
  { href: '/mail-hosts', label: 'Mail hosts', kinds: ['admin', 'support', 'reseller'] },
  { href: '/customers', label: 'Customers', kinds: ['admin', 'support', 'reseller'] },
  { href: '/domains', label: 'Domains', kinds: ['admin', 'support', 'reseller', 'customer'] },
  { href: '/accounts', label: 'Accounts', kinds: ['admin', 'support', 'reseller', 'customer'] },
  { href: '/aliases', label: 'Aliases', kinds: ['admin', 'support', 'reseller', 'customer'] },
  { href: '/routes', label: 'Where does mail go?', kinds: ['admin', 'support', 'reseller', 'customer'] },
  { href: '/audit', label: 'Audit log', kinds: ['admin', 'support', 'reseller', 'customer'] },
];

export function Nav({ kind }: { kind: ActorKind }) {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {LINKS.filter((l) => l.kinds.includes(kind)).map((l) => (
        <Link key={l.href} href={l.href} className="rounded px-3 py-1.5 text-sm text-slate-200 hover:bg-slate-700 hover:text-white">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
