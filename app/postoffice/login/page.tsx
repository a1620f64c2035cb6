import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getMailboxActor } from '@/lib/session/mailbox-session';
import { SignInForm } from '@/components/ui/sign-in-form';
import { mailboxLoginAction } from './actions';

export const metadata: Metadata = { title: 'Sign in' };

export default async function MailboxLoginPage({ searchParams }: { searchParams: Promise<{ changed?: string }> }) {
  const { changed } = await searchParams;
  // Only a live mailbox session skips the form: a panel session (even an admin's) signs in with a mailbox here.
  if (await getMailboxActor()) redirect('/postoffice');
  return (
    <div className="mx-auto w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-2xl font-semibold">Your mailbox</h1>
      <p className="mb-6 text-sm text-slate-600">
        Sign in with your email address and the password of your mailbox to change the password, forward your mail or set an automatic
        reply.
      </p>
      {changed === 'password' ? (
        <p
          data-testid="password-changed"
          className="mb-4 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800"
        >
          Password changed, and every session of this mailbox ended: sign in with the new password.
        </p>
      ) : null}
      <SignInForm action={mailboxLoginAction} field="address" label="Email address" />
    </div>
  );
}
