'use client';

import type { ChangeEvent } from 'react';

/**
 * "Select all on this page": ticks or clears every row checkbox (`name="ids"`) of its own form. Without
 * JavaScript it does nothing, and each row can still be ticked by hand.
 */
export function SelectAll({ label = 'Select all on this page' }: { label?: string }) {
  const toggle = (event: ChangeEvent<HTMLInputElement>) => {
    const form = event.currentTarget.form;
    if (!form) return;
    for (const box of form.querySelectorAll<HTMLInputElement>('input[type="checkbox"][name="ids"]'))
      box.checked = event.currentTarget.checked;
  };
  return (
    <label className="inline-flex items-center gap-2 text-sm">
      <input type="checkbox" onChange={toggle} className="h-4 w-4" />
      {label}
    </label>
  );
}
