import Link from 'next/link';
import type { ReactNode } from 'react';

/** A link that looks like the primary button: "Add domain", "New customer"… */
export function LinkButton({ href, children }: { href: string; children: ReactNode }) {
  return (
    <Link href={href} className="rounded bg-sky-700 px-4 py-2 text-sm font-medium text-white hover:bg-sky-800">
      {children}
    </Link>
  );
}
