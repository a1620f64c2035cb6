'use client';

import { useEffect } from 'react';

/** True when a key typed now goes into a field (so `/` is a character there, not the shortcut). */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * `/` anywhere but in a field focuses the panel's search box that is shown; below 1280 px the box sits in
 * the closed Menu, which is opened first.
 */
export function SearchShortcut() {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey || typingInField(event.target)) return;
      const boxes = [...document.querySelectorAll<HTMLInputElement>('input[data-panel-search]')];
      const shown = boxes.find((b) => b.offsetParent !== null) ?? boxes.find((b) => b.closest('details'));
      if (!shown) return;
      const menu = shown.closest('details');
      if (menu && !menu.open) menu.open = true;
      event.preventDefault();
      shown.focus();
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
  return null;
}
