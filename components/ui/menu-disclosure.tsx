'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

/**
 * A menu behind a button that works without JavaScript (<details>): the phone's nav. With JavaScript it
 * also closes once it has taken you to another page (the layout, and so the open menu, outlives the page)
 * and on Escape, giving focus back to its button.
 */
export function MenuDisclosure({ label, className = '', children }: { label: ReactNode; className?: string; children: ReactNode }) {
  const ref = useRef<HTMLDetailsElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (ref.current) ref.current.open = false;
  }, [pathname]);
  const onKeyDown = (event: KeyboardEvent<HTMLDetailsElement>) => {
    if (event.key !== 'Escape' || !ref.current?.open) return;
    ref.current.open = false;
    ref.current.querySelector('summary')?.focus();
  };
  return (
    <details ref={ref} className={`group ${className}`} onKeyDown={onKeyDown}>
      <summary className="flex cursor-pointer list-none items-center gap-2 rounded border border-slate-500 px-3 py-1.5 text-sm hover:bg-slate-700 [&::-webkit-details-marker]:hidden">
        <span aria-hidden="true" className="text-base leading-none">
          ☰
        </span>
        <span>{label}</span>
      </summary>
      <div className="absolute inset-x-0 top-full z-40 border-t border-slate-700 bg-slate-800 px-4 pb-4 pt-2 shadow-lg">{children}</div>
    </details>
  );
}
