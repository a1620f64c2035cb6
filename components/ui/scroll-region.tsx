'use client';

import { useEffect, useRef, useState, type ReactNode } from 'react';

/**
 * A box that scrolls sideways when its content is wider than the screen: reachable by keyboard (focus it,
 * then the arrow keys scroll), named for screen readers, and with a visible hint while it overflows.
 */
export function ScrollRegion({ label, children, className = '' }: { label?: string; children: ReactNode; className?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => setWide(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  return (
    <div>
      {wide ? (
        <p className="mb-1 text-xs text-slate-700" data-testid="scroll-hint">
          More columns to the right: scroll sideways, or focus the table and use the arrow keys →
        </p>
      ) : null}
      <div
        ref={box}
        // A named region when it has a name of its own; a table's box is named by the table's caption.
        role={label ? 'region' : undefined}
        aria-label={label}
        // Focusable so keyboard users can scroll it (axe: scrollable-region-focusable).
        tabIndex={0}
        // `relative`: screen-reader-only text inside (sr-only is position: absolute) must be clipped by this box
        // too; without a positioned ancestor here it escapes and widens the page.
        className={`relative overflow-x-auto focus-visible:outline-2 focus-visible:outline-sky-700 ${className}`}
      >
        {children}
      </div>
    </div>
  );
}
