import type { ReactNode } from 'react';
import { MAIN_ID } from './skip-link';

/**
 * The page's one <main> landmark: the skip link's target, focusable by script (tabIndex -1) so the skip
 * link and a lost focus after a page change (FocusAfterNavigation) land in the content.
 */
export function MainContent({ className, children }: { className: string; children: ReactNode }) {
  return (
    <main id={MAIN_ID} tabIndex={-1} className={className}>
      {children}
    </main>
  );
}
