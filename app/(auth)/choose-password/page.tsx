import type { Metadata } from 'next';
import { requirePasswordChoice } from '@/lib/session/session';
import { signOutAction } from '../../(panel)/actions';
import { PasswordChangeForm } from '@/components/ui/password-change-form';
import { choosePasswordAction } from './actions';

export const metadata: Metadata = { title: 'Choose a new password' };

// Where a login goes after someone reset its password, and the only page it reaches until it has chosen
// one (lib/session/session.ts sends every other page and action here). Outside the panel's layout: no nav.
export default async function ChoosePasswordPage() {
  const actor = await requirePasswordChoice();
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">Choose a new password</h1>
        <p className="mb-6 text-sm text-slate-600">
          The password of <span className="font-medium">{actor.label}</span> was reset. Choose your own before you go on.
        </p>
        <PasswordChangeForm
          action={choosePasswordAction}
          testId="choose-password-form"
          askCurrent={false}
          hint="At least 12 characters, not the one you were given; four or five unrelated words work well."
          submitLabel="Set password"
          className=""
        />
        <form action={signOutAction} className="mt-4 text-center">
          <button className="text-sm text-sky-700 hover:underline">Sign out</button>
        </form>
      </div>
    </main>
  );
}
