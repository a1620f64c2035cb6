import type { MailSnapshot, SnapshotAccount, SnapshotAutoreply, SnapshotVirtmap } from '../mail/snapshot';
import { hostView } from '../mail/tenancy';
import { renderedMemo, type RenderChange } from './render-reuse';
import { renderAutoreplyScript, SieveRenderError } from './sieve';

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
  const memo = renderedMemo(memos, snapshot, wholeMemo, patchedMemo);
  const files: Record<string, string> = {};
  if (memo.scripts.size === 0) return files;
  for (const account of hostView(snapshot).accounts) {
    const script = memo.scripts.get(account.name);
    if (script !== undefined) files[autoreplyFileName(account.name)] = script;
  }
  return files;
}

/** A render's pieces (lib/mailmaps/render-reuse.ts): the accounts with an autoreply and their scripts, by host name. */
interface ScriptsMemo {
  accounts: Map<string, SnapshotAccount>;
  scripts: Map<string, string>;
}

const memos = new WeakMap<MailSnapshot, ScriptsMemo>();

function wholeMemo(given: MailSnapshot): ScriptsMemo {
  const view = hostView(given);
  // A script is found by the account's name on the host: two accounts of one name would share it.
  const seen = new Set<string>();
  for (const { name } of view.accounts) {
    if (seen.has(name)) throw new SieveRenderError(`account "${name}" appears twice`);
    seen.add(name);
  }
  const accounts = new Map(view.accounts.filter((a) => a.autoreply).map((a) => [a.name, a]));
  return { accounts, scripts: scriptsOf(view, accounts.values()) };
}

/**
 * The scripts of the replaced accounts, and of every account a replaced domain's virtmaps named before or
 * name now (its addresses are in its script), made again.
 */
function patchedMemo(given: MailSnapshot, change: RenderChange<ScriptsMemo>): ScriptsMemo {
  const { memo } = change;
  const view = hostView(given);
  for (const account of change.before.accounts) memo.accounts.delete(account.name);
  for (const account of change.after.accounts) {
    if (view.accounts.filter((a) => a.name === account.name).length > 1) throw new Error(`account "${account.name}" appears twice`);
    if (account.autoreply) memo.accounts.set(account.name, account);
  }
  const named = new Set(change.names);
  for (const v of [...change.before.virtmaps, ...change.after.virtmaps]) if (v.target.kind === 'local') named.add(v.target.name);
  const again: SnapshotAccount[] = [];
  for (const name of named) {
    memo.scripts.delete(name);
    const account = memo.accounts.get(name);
    if (account) again.push(account);
  }
  for (const [name, script] of scriptsOf(view, again)) memo.scripts.set(name, script);
  return memo;
}

function scriptsOf(view: MailSnapshot, accounts: Iterable<SnapshotAccount>): Map<string, string> {
  const list = [...accounts];
  if (list.length === 0) return new Map();
  return scriptsWith(ownAddresses(view.virtmaps, new Set(list.map((a) => a.name))), list);
}

/** The scripts of these accounts (each with an autoreply), with the addresses of their own that name them. */
function scriptsWith(own: ReadonlyMap<string, string[]>, list: readonly SnapshotAccount[]): Map<string, string> {
  const scripts = new Map<string, string>();
  for (const account of list) {
    const autoreply = account.autoreply as SnapshotAutoreply;
    const addresses = [...new Set([...(account.login === undefined ? [] : [account.login]), ...(own.get(account.name) ?? [])])].sort();
    scripts.set(account.name, renderAutoreplyScript(autoreply, { from: account.login, addresses }));
  }
  return scripts;
}

/**
 * The addresses that name each of these mailboxes: every address whose own virtmap delivers to it (with
 * its login, what its script answers to). Pigeonhole answers only mail that names one of these (or the
 * envelope recipient, `ta-joe@localhost`, which nobody writes) in To/Cc: mail that reached the account
 * through a catch-all, an alias or a list gets no autoreply (RFC 5230 4.5; docs/dovecot.md says why this
 * and not sieve_vacation_dont_check_recipient). One pass over the virtmaps (a host view's) for all of
 * them, added to `own` (a render shard by shard passes each part's virtmaps in turn).
 */
export function ownAddresses(
  virtmaps: readonly SnapshotVirtmap[],
  names: ReadonlySet<string>,
  own = new Map<string, string[]>(),
): Map<string, string[]> {
  for (const v of virtmaps) {
    if (v.localPart === '' || v.target.kind !== 'local' || !names.has(v.target.name)) continue;
    const list = own.get(v.target.name);
    const address = `${v.localPart}@${v.domain}`;
    if (list) list.push(address);
    else own.set(v.target.name, [address]);
  }
  return own;
}

/**
 * The scripts of a host rendered shard by shard (lib/sync/render-in-shards.ts): `accounts` are the host
 * view's, `own` what ownAddresses gathered over every part's virtmaps. The same files as renderAutoreplyScripts.
 */
export function autoreplyScriptFiles(accounts: readonly SnapshotAccount[], own: ReadonlyMap<string, string[]>): Record<string, string> {
  const seen = new Set<string>();
  for (const { name } of accounts) {
    if (seen.has(name)) throw new SieveRenderError(`account "${name}" appears twice`);
    seen.add(name);
  }
  const scripts = scriptsWith(
    own,
    accounts.filter((a) => a.autoreply),
  );
  const files: Record<string, string> = {};
  for (const account of accounts) {
    const script = scripts.get(account.name);
    if (script !== undefined) files[autoreplyFileName(account.name)] = script;
  }
  return files;
}
