import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { ActAsBanner } from '@/components/support/act-as-banner';
import { MainContent } from '@/components/ui/main-content';
import { getActor } from '@/lib/session/session';
import { stopActingAction } from '../(panel)/actions';

export const metadata: Metadata = { title: { default: 'Post office', template: '%s · Post office' } };

// The end customer's own pages: a mailbox's owner signs in with the mailbox's address and password and
// sees only that mailbox. Nothing of the panel (nav, other tenants) is reachable from here. Support acting
// as the mailbox sees the same pages, under the act-as banner.
export default async function PostofficeLayout({ children }: { children: ReactNode }) {
  const actor = await getActor();
  const acting = actor?.kind === 'mailbox' ? actor.actingAs : undefined;
  return (
    <div className="min-h-screen">
      <header className="on-dark bg-slate-800 text-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between px-4 py-3">
          <span className="text-lg font-semibold">
            mailpanel <span className="font-normal text-slate-300">· post office</span>
          </span>
        </div>
      </header>
      {acting ? (
        <ActAsBanner
          support={acting.supportLabel}
          target={acting.targetLabel}
          reason={acting.reason}
          until={acting.expiresAt}
          stop={stopActingAction}
        />
      ) : null}
      <MainContent className="mx-auto max-w-3xl px-4 py-8">{children}</MainContent>
    </div>
  );
}
