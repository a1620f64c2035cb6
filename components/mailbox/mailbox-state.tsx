import type { AutoreplyShown } from './autoreply-forms';
import type { ForwardShown } from './forward-forms';

// What a mailbox's forward, autoreply and usage are now, as the postoffice and the account page show them.

export type UsageShown =
  { ok: true; usedKb: number; limitKb: number | null; messages: number; readAt: Date } | { ok: false; reason: string; readAt: Date };

const at = (d: Date) => <time dateTime={d.toISOString()}>{d.toISOString().slice(0, 16).replace('T', ' ')} UTC</time>;

const mib = (kb: number) => `${(kb / 1024).toFixed(kb < 10 * 1024 ? 1 : 0)} MiB`;

export function UsageText({ usage, quotaMb }: { usage: UsageShown; quotaMb: number }) {
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

export function ForwardText({ forward }: { forward: ForwardShown | null }) {
  if (!forward) return <span data-testid="forward-state">Not forwarded: mail stays in this mailbox.</span>;
  return (
    <span data-testid="forward-state">
      Forwarded to {forward.addresses.join(', ')}
      {forward.keepCopy ? ', with a copy kept here.' : ', no copy kept here.'}
    </span>
  );
}

export function AutoreplyText({ autoreply }: { autoreply: AutoreplyShown | null }) {
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
