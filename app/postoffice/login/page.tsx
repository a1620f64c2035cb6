import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getMailboxActor } from '@/lib/session/mailbox-session';
import { MailboxLoginForm } from './mailbox-login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function MailboxLoginPage() {
  // Only a live mailbox session skips the form: a panel session (even an admin's) signs in with a mailbox here.
  if (await getMailboxActor()) redirect('/postoffice');
  return (
    <div className="mx-auto w-full max-w-sm rounded-lg border border-slate-200 bg-white p-8 shadow-sm">
      <h1 className="mb-1 text-2xl font-semibold">Your mailbox</h1>
      <p className="mb-6 text-sm text-slate-600">
        Sign in with your email address and the password of your mailbox to change the password, forward your mail or set an automatic
        reply.
      </p>
      <MailboxLoginForm />
    </div>
  );
}
