import Link from 'next/link';
import { HostSyncBadge } from '@/components/sync/host-sync-badge';
import { PageHeader } from '@/components/ui/page-header';
import { ObjectHistory } from '@/components/mail/object-history';
import { listObjectHistory } from '@/lib/data/object-history';
import { StatusBadge } from '@/components/ui/status-badge';
import { can, mayOpen } from '@/lib/auth/policy';
import { LinkButton } from '@/components/ui/link-button';
import { openScreen } from '@/lib/web/open-screen';
import { getAccount } from '@/lib/data/accounts';
import { orNotFound } from '@/lib/web/or-not-found';
import { deleteAccountAction, updateAccountAction } from './actions';
import { AccountEditForm, DeleteAccountForm } from './account-controls';
import { MailboxSettings } from './mailbox-settings';

export default async function AccountPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ created?: string; undone?: string }>;
}) {
  const actor = await openScreen('account');
  const { id } = await params;
  const account = await orNotFound(getAccount(actor, id));
  const { created, undone } = await searchParams;
  const tenant = { type: 'account' as const, resellerId: account.customer.resellerId, customerId: account.customer.id };
  return (
    <>
      <PageHeader
        title={account.name}
        subtitle={
          <>
            <StatusBadge active={account.enabled} on="Enabled" off="Disabled" />{' '}
            <HostSyncBadge actor={actor} mailHostId={account.mailHostId} />
          </>
        }
        actions={
          mayOpen(actor, 'accountActAs') && account.enabled ? (
            <LinkButton href={`/accounts/${account.id}/act-as`}>Act as this mailbox</LinkButton>
          ) : null
        }
      />
      {created ? (
        <p role="status" className="mb-6 rounded border border-emerald-300 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Account {account.name} created. Waiting for sync: it can receive mail after the next publish.
        </p>
      ) : null}
      <dl className="mb-8 grid max-w-xl grid-cols-[10rem_1fr] gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm">
        <dt className="text-slate-600">Customer</dt>
        <dd>{account.customer.name}</dd>
        <dt className="text-slate-600">Mail host</dt>
        <dd>{account.mailHost.name}</dd>
        <dt className="text-slate-600">POP/IMAP login</dt>
        <dd data-testid="account-login">
          {account.loginAddress ?? 'none yet: choose one of its addresses below'}
          {account.legacyLogin ? (
            <span className="block text-slate-600">
              Also logs in as “{account.legacyLogin}”, its name from before addresses were logins, until the login is changed.
            </span>
          ) : null}
        </dd>
        {account.onHost ? (
          <>
            <dt className="text-slate-600">On the mail host</dt>
            <dd data-testid="account-on-host">
              <code>{account.onHost.hostName}</code>, mailbox <code>{account.onHost.mailbox}</code>
            </dd>
          </>
        ) : null}
        <dt className="text-slate-600">Addresses</dt>
        <dd data-testid="account-addresses">
          {account.addresses.length ? account.addresses.join(', ') : 'none of its own (reachable only through aliases or a catch-all)'}
        </dd>
        <dt className="text-slate-600">Route</dt>
        <dd>
          {account.addresses[0] ? (
            <Link className="text-sky-700 hover:underline" href={`/routes?address=${encodeURIComponent(account.addresses[0])}`}>
              Where does mail to {account.addresses[0]} go?
            </Link>
          ) : (
            '—'
          )}
        </dd>
      </dl>
      <MailboxSettings actor={actor} accountId={account.id} mayChange={can(actor, 'update', tenant)} />
      {can(actor, 'update', tenant) ? (
        <section className="mb-8">
          <h2 className="mb-2 text-lg font-semibold">Settings</h2>
          <AccountEditForm account={account} action={updateAccountAction.bind(null, account.id)} />
        </section>
      ) : null}
      {can(actor, 'delete', tenant) ? (
        <section className="rounded border border-red-200 bg-white p-4">
          <h2 className="mb-2 text-lg font-semibold text-red-800">Delete account</h2>
          <p className="mb-3 text-sm">
            The mailbox and its password go, and with them its own addresses; it is taken out of aliases that also send elsewhere. The panel
            first shows what goes and which addresses stop delivering.
          </p>
          <DeleteAccountForm name={account.name} addresses={account.addresses.length} action={deleteAccountAction.bind(null, account.id)} />
        </section>
      ) : null}
      <ObjectHistory {...await listObjectHistory(actor, 'account', account.id)} undone={undone === '1'} />
    </>
  );
}
