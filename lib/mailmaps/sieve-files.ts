import type { MailSnapshot, SnapshotAccount } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { renderAutoreplyScript } from './sieve';

// The autoreply scripts of a host: one file per account that has an autoreply, published with the maps
// in the same revision, so `<mapDir>/current` switches scripts and accounts together. Dovecot finds an
// account's script by its name on the host (`sieve = file:<mapDir>/current/%n.sieve`, dovecot-conf.ts):
// LMTP and dovecot-lda run as that name (`ta-joe`, auth_username_format = %Ln), measured on Pigeonhole
// 0.5.19. A name without a file has no script: delivery goes on as if Sieve were off (measured).

/** What Dovecot appends to the user's name (%n) to find its script. */
export const SIEVE_SCRIPT_SUFFIX = '.sieve';

/** The script's file name for an account's name on the host (up to 77 + 6 characters). */
export function autoreplyFileName(hostAccountName: string): string {
  return `${hostAccountName}${SIEVE_SCRIPT_SUFFIX}`;
}

/** One script per account with an autoreply, by file name; throws SieveRenderError on a bad autoreply. */
export function renderAutoreplyScripts(snapshot: MailSnapshot): Record<string, string> {
  const view = hostView(snapshot);
  const files: Record<string, string> = {};
  for (const account of view.accounts) {
    if (!account.autoreply) continue;
    files[autoreplyFileName(account.name)] = renderAutoreplyScript(account.autoreply, {
      from: account.login,
      addresses: accountAddresses(view, account),
    });
  }
  return files;
}

/**
 * The addresses that name this mailbox: its login and every address whose own virtmap delivers to it.
 * Pigeonhole answers only mail that names one of these (or the envelope recipient, `ta-joe@localhost`,
 * which nobody writes) in To/Cc: mail that reached the account through a catch-all, an alias or a list
 * gets no autoreply (RFC 5230 4.5; docs/dovecot.md says why this and not sieve_vacation_dont_check_recipient).
 */
function accountAddresses(view: MailSnapshot, account: SnapshotAccount): string[] {
  const own = view.virtmaps
    .filter((v) => v.localPart !== '' && v.target.kind === 'local' && v.target.name === account.name)
    .map((v) => `${v.localPart}@${v.domain}`);
  return [...new Set([...(account.login === undefined ? [] : [account.login]), ...own])].sort();
}
