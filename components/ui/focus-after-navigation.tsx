'use client';

import { usePathname } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { MAIN_ID } from './skip-link';

/**
 * After a page change, focus that was on something now gone (the submit button of a form that opened
 * another page, a row that was deleted) would fall to <body>, and a keyboard or screen reader user would
 * start again from the top. It goes to the new page's message if it has one, else to its heading, else to
 * <main>. Focus that is still on something visible (a nav link just followed) stays where it is.
 */
export function FocusAfterNavigation() {
  const pathname = usePathname();
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (stillFocused(document.activeElement)) return;
    const main = document.getElementById(MAIN_ID);
    const target = main?.querySelector<HTMLElement>('[role="status"], [role="alert"]') ?? main?.querySelector<HTMLElement>('h1') ?? main;
    if (!target) return;
    if (!target.hasAttribute('tabindex')) target.setAttribute('tabindex', '-1');
    target.focus();
  }, [pathname]);
  return null;
}

/** Focus is on something the user can still see (not <body>, not removed, not in a menu that closed). */
function stillFocused(active: Element | null): boolean {
  return !!active && active !== document.body && active.isConnected && active.getClientRects().length > 0;
}
