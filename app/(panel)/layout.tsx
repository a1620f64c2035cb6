import type { ReactNode } from 'react';
import { notFound, redirect } from 'next/navigation';
import { PanelHeader } from '@/components/panel/header';
import { MainContent } from '@/components/ui/main-content';
import { requireActor } from '@/lib/session/session';
import { ActAsBanner } from '@/components/support/act-as-banner';
import { signOutAction, stopActingAction } from './actions';

export default async function PanelLayout({ children }: { children: ReactNode }) {
  const actor = await requireActor();
  // A postoffice session has no panel: every panel URL answers as a page that does not exist. Support
  // acting as a mailbox has the mailbox's pages until it stops.
  if (actor.kind === 'mailbox') return actor.actingAs ? redirect('/postoffice') : notFound();
  return (
    <div className="min-h-screen">
      <PanelHeader kind={actor.kind} label={actor.label} signOut={signOutAction} />
      {'actingAs' in actor && actor.actingAs ? (
        <ActAsBanner
          support={actor.actingAs.supportLabel}
          target={actor.actingAs.targetLabel}
          reason={actor.actingAs.reason}
          until={actor.actingAs.expiresAt}
          stop={stopActingAction}
        />
      ) : null}
      <MainContent className="mx-auto max-w-6xl px-4 py-8">{children}</MainContent>
    </div>
  );
}
