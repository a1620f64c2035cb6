import Link from 'next/link';
import type { ActorKind } from '@/lib/auth/actor';
import { navFor } from '@/lib/auth/screens';

// The main nav: the labelled screens of lib/auth/screens.ts this kind of user may open.
export function Nav({ kind }: { kind: ActorKind }) {
  return (
    <nav aria-label="Main" className="flex flex-wrap gap-1">
      {navFor(kind).map((l) => (
        <Link key={l.href} href={l.href} className="rounded px-3 py-1.5 text-sm text-slate-200 hover:bg-slate-700 hover:text-white">
          {l.label}
        </Link>
      ))}
    </nav>
  );
}
