import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { headers } from 'next/headers';
import { FocusAfterNavigation } from '@/components/ui/focus-after-navigation';
import { SkipLink } from '@/components/ui/skip-link';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'mailpanel', template: '%s · mailpanel' },
  description: 'Hosted mail control panel',
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Read so that every page renders per request: Next puts this request's CSP nonce (proxy.ts) on its
  // scripts only when it renders the page now, not from a page built ahead of time.
  await headers();
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-100 font-sans text-slate-900 antialiased">
        {/* The first thing Tab reaches on every page (each page has one <main id="main">: MainContent). */}
        <SkipLink />
        {children}
        {/* After the page, so an open phone menu has closed before it looks where focus is. */}
        <FocusAfterNavigation />
      </body>
    </html>
  );
}
