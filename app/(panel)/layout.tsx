import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { PanelHeader } from '@/components/panel/header';
import { MainContent } from '@/components/ui/main-content';
import { requireActor } from '@/lib/session/session';
import { signOutAction } from './actions';

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // A postoffice session has no panel: every panel URL answers as a page that does not exist.
  if (actor.kind === 'mailbox') notFound();
  return (
    <div className="min-h-screen">
      <PanelHeader kind={actor.kind} label={actor.label} signOut={signOutAction} />
      <MainContent className="mx-auto max-w-6xl px-4 py-8">{children}</MainContent>
    </div>
  );
}
