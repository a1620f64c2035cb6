import type { ReactNode } from 'react';

/** One titled part of a mailbox's page (password, forward, autoreply). */
export function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="mb-8 rounded border border-slate-200 bg-white p-4" data-testid={`section-${id}`}>
      <h2 id={`${id}-heading`} className="mb-3 text-lg font-semibold">
        {title}
      </h2>
      {children}
    </section>
  );
}
