import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/page-header';
import { openScreen } from '@/lib/web/open-screen';
import { getMailHost } from '@/lib/data/mail-hosts';
import { hostPolicy } from '@/lib/validation/host-policy';
import { settingsAsForm } from '@/lib/validation/host-settings-form';
import { orNotFound } from '@/lib/web/or-not-found';
import { updateMailHostAction } from '../../actions';
import { MailHostForm } from '../../mail-host-form';

export const metadata: Metadata = { title: 'Edit mail host' };

export default async function EditMailHostPage({ params }: { params: Promise<{ id: string }> }) {
  const actor = await openScreen('mailHostEdit');
  const { id } = await params;
  const host = await orNotFound(getMailHost(actor, id));
  const values: Record<string, string> = {
    name: host.name,
    flavor: host.flavor,
    transport: host.transport,
    enabled: String(host.enabled),
    mapDir: host.mapDir,
    sshHost: host.sshHost ?? '',
    sshPort: String(host.sshPort),
    sshUser: host.sshUser ?? '',
    sshHostKey: host.sshHostKey ?? '',
    // Only what differs from the flavour's defaults is stored, and shown: blank fields keep following the defaults.
    ...settingsAsForm(
      typeof host.settings === 'object' && host.settings !== null ? (host.settings as Parameters<typeof settingsAsForm>[0]) : {},
    ),
  };
  return (
    <>
      <PageHeader title={`Edit ${host.name}`} subtitle="Saving republishes the host with these settings." />
      <MailHostForm
        action={updateMailHostAction.bind(null, host.id)}
        initial={{ values, hasKey: host.sshKeyState !== 'none' }}
        editing
        mapRoots={hostPolicy().mapRoots}
      />
    </>
  );
}
