import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getActor, pendingStep } from '@/lib/session/session';
import { MainContent } from '@/components/ui/main-content';
import { SignInForm } from '@/components/ui/sign-in-form';
import { loginAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage() {
  // Only a session that still maps to an active panel user skips the form; a stale one (or a postoffice
  // session, which has no panel) lands here to sign in.
  const actor = await getActor();
  if (actor && actor.kind !== 'mailbox') redirect('/');
  // A half-open sign-in has one page to go to first: its code, a new password after a reset, or setting up
  // two-factor sign-in where it is required.
  const next = await pendingStep();
  if (next) redirect(next);
  return (
    <MainContent className="flex min-h-screen items-center justify-center p-4">
      <div className="w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
        <h1 className="mb-1 text-2xl font-semibold">mailpanel</h1>
        <p className="mb-6 text-sm text-slate-600">Sign in to manage your mail.</p>
        <SignInForm action={loginAction} field="email" label="Email" />
      </div>
    </MainContent>
  );
}
