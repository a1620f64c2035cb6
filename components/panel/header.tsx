import Link from 'next/link';
import type { ActorKind } from '@/lib/auth/actor';
import { MenuDisclosure } from '@/components/ui/menu-disclosure';
import { Nav } from './nav';
import { SearchBox, SearchShortcut } from './search-box';

const ROLE_NAMES = { admin: 'Administrator', support: 'Support', reseller: 'Reseller', customer: 'Customer', mailbox: 'Mailbox' } as const;

/**
 * The panel's header, one row at every width. From 1280 px: the name, the nav, who is signed in and Sign
 * out. Narrower: the name, who is signed in and a Menu (a <details>, so it works without JavaScript) that
 * holds the nav and Sign out, opening over the page instead of pushing it down.
 */
export function PanelHeader({ kind, label, signOut }: { kind: ActorKind; label: string; signOut: () => Promise<void> }) {
  const signOutButton = (
    <form action={signOut}>
      <button className="whitespace-nowrap rounded border border-slate-500 px-3 py-1.5 text-sm hover:bg-slate-700">Sign out</button>
    </form>
  );
  return (
    <header className="on-dark relative bg-slate-800 text-white">
      <div className="flex items-center gap-4 px-4 py-2">
        <Link href="/" className="shrink-0 rounded text-lg font-semibold">
          mailpanel
        </Link>
        <Nav kind={kind} layout="row" />
        <div className="ml-auto flex min-w-0 items-center gap-3">
          <SearchBox id="panel-search" className="hidden w-36 xl:flex 2xl:w-56" />
          <p data-testid="whoami" className="flex min-w-0 max-w-52 flex-col text-right leading-tight">
            <span className="truncate text-sm" title={label}>
              {label}
            </span>
            <span className="text-xs text-slate-300">
              <span className="sr-only">, </span>
              {ROLE_NAMES[kind]} · {/* Inside the who-am-I line, so it costs the one-row header no width (own password, sessions). */}
              <Link href="/profile" className="rounded underline-offset-2 hover:underline">
                My account
              </Link>
            </span>
          </p>
          <div className="hidden xl:block">{signOutButton}</div>
          <MenuDisclosure label="Menu" className="xl:hidden">
            <SearchBox id="panel-search-menu" className="mb-3" />
            <Nav kind={kind} layout="column" />
            <div className="mt-3 border-t border-slate-700 pt-3">{signOutButton}</div>
          </MenuDisclosure>
        </div>
      </div>
      <SearchShortcut />
    </header>
  );
}
