import type { Metadata } from 'next';
import Link from 'next/link';
import { EnrolForm } from '@/components/auth/enrol-form';
import { QrCode } from '@/components/auth/qr-code';
import { pendingEnrolment, twoFactorStatus } from '@/lib/data/two-factor';
import { requireTwoFactorSetup } from '@/lib/session/session';
import { signOutAction } from '../../(panel)/actions';
import { confirmEnrolmentAction } from './actions';

export const metadata: Metadata = { title: 'Two-factor sign-in' };

/** The key in groups of four, as authenticator apps show and people type it. */
const grouped = (key: string) => key.match(/.{1,4}/g)?.join(' ') ?? key;

// Setting up two-factor sign-in: from "My account", or before anything else for a login that must use it
// (lib/session/session.ts sends it here). Outside the panel's layout, so it works before the panel opens.
export default async function TwoFactorPage() {
  const actor = await requireTwoFactorSetup();
  const status = await twoFactorStatus(actor);
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-lg rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Two-factor sign-in</h1>
        {status.enabledAt ? (
          <p className="mb-4 text-sm text-slate-600">
            It is on for <span className="font-medium">{actor.label}</span>.{' '}
            <Link href="/profile" className="text-sky-700 hover:underline">
              Back to My account
            </Link>
          </p>
        ) : (
          <Enrol actor={actor} required={status.required} />
        )}
        <form action={signOutAction} className="mt-6 text-center">
          <button className="text-sm text-sky-700 hover:underline">Sign out</button>
        </form>
      </div>
    </main>
  );
}

async function Enrol({ actor, required }: { actor: Parameters<typeof pendingEnrolment>[0]; required: boolean }) {
  const { key, uri } = await pendingEnrolment(actor);
  return (
    <>
      <p className="mb-4 text-sm text-slate-600">
        {required
          ? 'This login must use two-factor sign-in before it opens the panel. '
          : 'After your password, signing in will ask for a code from your phone. '}
        Set it up in an authenticator app (Aegis, FreeOTP, Google Authenticator, 1Password…):
      </p>
      <ol className="mb-6 list-decimal space-y-3 pl-6 text-sm">
        <li>
          Scan this code with the app:
          <div className="my-2">
            <QrCode text={uri} label={`QR code of the two-factor key for ${actor.label}`} />
          </div>
          Or add an account by key (or{' '}
          <a href={uri} className="text-sky-700 hover:underline">
            open this link
          </a>{' '}
          on the phone): account <span className="font-medium">{actor.label}</span>, key
          <code className="mt-1 block rounded bg-slate-100 px-2 py-1 font-mono text-base tracking-wider" data-testid="totp-key">
            {grouped(key)}
          </code>
          time-based, 6 digits, every 30 seconds.
        </li>
        <li>Enter the code the app shows below.</li>
      </ol>
      <EnrolForm action={confirmEnrolmentAction} />
    </>
  );
}
