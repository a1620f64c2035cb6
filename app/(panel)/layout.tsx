import type { ReactNode } from 'react';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Nav } from '@/components/panel/nav';
import { requireActor } from '@/lib/session/session';
import { signOutAction } from './actions';

const ROLE_NAMES = { admin: 'Administrator', support: 'Support', reseller: 'Reseller', customer: 'Customer', mailbox: 'Mailbox' } as const;

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // A postoffice session has no panel: every panel URL answers as a page that does not exist.
  if (actor.kind === 'mailbox') notFound();
  return (
    <div className="min-h-screen">
      <header className="bg-slate-800 text-white">
        <div className="mx-auto flex max-w-6xl flex-wrap items-center justify-between gap-4 px-4 py-3">
          <div className="flex items-center gap-6">
            <span className="text-lg font-semibold">mailpanel</span>
            <Nav kind={actor.kind} />
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span data-testid="whoami">
              {actor.label} <span className="text-slate-400">· {ROLE_NAMES[actor.kind]}</span>
            </span>
            <Link href="/profile" className="rounded px-2 py-1 text-slate-200 hover:bg-slate-700 hover:text-white">
              My account
            </Link>
            <form action={signOutAction}>
              <button className="rounded border border-slate-500 px-3 py-1 hover:bg-slate-700">Sign out</button>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8">{children}</main>
    </div>
  );
}
