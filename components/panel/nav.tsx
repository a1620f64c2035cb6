'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ActorKind } from '@/lib/auth/actor';
import { navFor } from '@/lib/auth/screens';

const LAYOUTS = {
  // The desktop header's one row: no wrapping, tight padding (nine links and the user fit 1280 px).
  row: { nav: 'hidden xl:block', list: 'flex gap-0.5 whitespace-nowrap', link: 'px-2 py-1.5' },
  // The phone menu: one link a line, large enough to tap.
  column: { nav: '', list: 'flex flex-col gap-1', link: 'px-3 py-2' },
} as const;

/**
 * The main nav: the labelled screens of lib/auth/screens.ts this kind of user may open, the current one
 * marked (aria-current) for screen readers and the eye.
 */
export function Nav({ kind, layout }: { kind: ActorKind; layout: keyof typeof LAYOUTS }) {
  const pathname = usePathname();
  const { nav, list, link } = LAYOUTS[layout];
  return (
    <nav aria-label="Main" className={nav}>
      <ul className={list}>
        {navFor(kind).map((l) => {
          const current = l.href === '/' ? pathname === '/' : pathname === l.href || pathname.startsWith(`${l.href}/`);
          return (
            <li key={l.href}>
              <Link
                href={l.href}
                aria-current={current ? 'page' : undefined}
                className={`block rounded text-sm text-slate-200 hover:bg-slate-700 hover:text-white aria-[current=page]:bg-slate-700 aria-[current=page]:text-white ${link}`}
              >
                {l.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
