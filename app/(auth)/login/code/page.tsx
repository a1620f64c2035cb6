import type { Metadata } from 'next';
import { CodeForm } from '@/components/auth/code-form';
import { requireSecondFactorStep } from '@/lib/session/session';
import { signOutAction } from '../../../(panel)/actions';
import { secondFactorAction } from './actions';

export const metadata: Metadata = { title: 'Sign-in code' };

// The second step of signing in, for a login with two-factor sign-in: the password was right, and this
// session opens nothing else until the code is (lib/session/session.ts). Outside the panel's layout.
export default async function SecondFactorPage() {
  const actor = await requireSecondFactorStep();
  return (
    <main id="main" className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Sign-in code</h1>
        <p className="mb-6 text-sm text-slate-600">
          <span className="font-medium">{actor.label}</span> uses two-factor sign-in. Enter the code your authenticator app shows now, or
          one of your recovery codes.
        </p>
        <CodeForm
          action={secondFactorAction}
          label="Code"
          hint="Six digits from the app, or a recovery code like abcd-efgh-jkmn (each works once)."
          submitLabel="Sign in"
          testId="second-factor-form"
          autoFocus
        />
        <form action={signOutAction} className="mt-4 text-center">
          <button className="text-sm text-sky-700 hover:underline">Cancel and sign out</button>
        </form>
      </div>
    </main>
  );
}
