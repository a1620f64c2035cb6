import type { ReactNode } from 'react';
import type { AutoreplyShown } from './autoreply-forms';
import type { ForwardShown } from './forward-forms';

// What a mailbox's forward, autoreply and usage are now, as the postoffice and the account page show them.

export type UsageShown =
  { ok: true; usedKb: number; limitKb: number | null; messages: number; readAt: Date } | { ok: false; reason: string; readAt: Date };

const at = (d: Date) => <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;

const mib = (kb: number) => `${(kb / 1024).toFixed(kb < 10 * 1024 ? 1 : 0)} MiB`;

function UsageText({ usage, quotaMb }: { usage: UsageShown; quotaMb: number }) {
  if (!usage.ok) {
    return (
      <span data-testid="mailbox-usage">
        Quota {quotaMb} MiB; usage not known: {usage.reason} (tried at {at(usage.readAt)})
      </span>
    );
  }
  const limit = usage.limitKb === null ? `${quotaMb} MiB` : mib(usage.limitKb);
  return (
    <span data-testid="mailbox-usage">
      {mib(usage.usedKb)} of {limit} used, {usage.messages} {usage.messages === 1 ? 'message' : 'messages'} (read at {at(usage.readAt)})
    </span>
  );
}

function ForwardText({ forward }: { forward: ForwardShown | null }) {
  if (!forward) return <span data-testid="forward-state">Not forwarded: mail stays in this mailbox.</span>;
  return (
    <span data-testid="forward-state">
      Forwarded to {forward.addresses.join(', ')}
      {forward.keepCopy ? ', with a copy kept here.' : ', no copy kept here.'}
    </span>
  );
}

function AutoreplyText({ autoreply }: { autoreply: AutoreplyShown | null }) {
  if (!autoreply) return <span data-testid="autoreply-state">Off.</span>;
  const from = autoreply.startsOn ? `from ${autoreply.startsOn}` : 'from now';
  const to = autoreply.endsOn ? ` to ${autoreply.endsOn}` : ' until turned off';
  return (
    <span data-testid="autoreply-state">
      On ({from}
      {to}): “{autoreply.subject}”, once per sender every {autoreply.days} {autoreply.days === 1 ? 'day' : 'days'}.
    </span>
  );
}

/**
 * The state list both screens show: storage, forward and autoreply, after any rows of the screen's own
 * (`children`, e.g. the postoffice's addresses).
 */
export function MailboxStateList({
  usage,
  mailbox,
  className,
  children,
}: {
  usage: UsageShown;
  mailbox: { quotaMb: number; forward: ForwardShown | null; autoreply: AutoreplyShown | null };
  className: string;
  children?: ReactNode;
}) {
  return (
    <dl className={`mb-8 grid gap-y-2 rounded border border-slate-200 bg-white p-4 text-sm ${className}`}>
      {children}
      <dt className="text-slate-600">Storage</dt>
      <dd>
        <UsageText usage={usage} quotaMb={mailbox.quotaMb} />
      </dd>
      <dt className="text-slate-600">Forward</dt>
      <dd>
        <ForwardText forward={mailbox.forward} />
      </dd>
      <dt className="text-slate-600">Autoreply</dt>
      <dd>
        <AutoreplyText autoreply={mailbox.autoreply} />
      </dd>
    </dl>
  );
}
