import path from 'node:path';
import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { hostPolicy } from '@/lib/validation/host-policy';
import { openScreen } from '@/lib/web/open-screen';
import { createMailHostAction } from '../actions';
import { MailHostForm } from '../mail-host-form';

export const metadata: Metadata = { title: 'Add mail host' };

export default async function NewMailHostPage() {
  await openScreen('mailHostNew');
  return (
    <>
      <PageHeader title="Add mail host" subtitle="A mail server the panel publishes maps to." />
      <MailHostForm
        action={createMailHostAction}
        localRoot={path.resolve(process.env.MAILPANEL_DATA ?? '.data', 'mailhost')}
        mapRoots={hostPolicy().mapRoots}
      />
    </>
  );
}
