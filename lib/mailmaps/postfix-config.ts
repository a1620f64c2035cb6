import { checkedShards, shardFiles } from '../mail/map-shards';
import { ACCOUNT_SERVICE } from './postfix';
import { fail } from './postfix-safe';

// The main.cf and master.cf settings the rendered Postfix files assume (docs/postfix.md explains each).
// The sync job writes the maps into one directory and these lines into main.cf; the tests run a private
// Postfix with the same lines.

export interface PostfixConfigOptions {
  /**
   * Where local(8) hands a mailbox delivery (an account). Default: Dovecot's LMTP socket in Postfix's
   * queue directory, as Debian's dovecot-lmtpd sets it up.
   */
  mailboxTransport?: string;
  /** Maps of the host's own names (root, postmaster, system users), searched after the panel's. */
  hostRecipientMaps?: string[];
  /** The host's own aliases file(s) (e.g. `hash:/etc/aliases`), searched after the panel's aliases. */
  hostAliasMaps?: string[];
  /** The host's map shards (HostSettings.mapShards): every sharded map is named as its base and shards. */
  shards?: number;
}

export const DEFAULT_MAILBOX_TRANSPORT = 'lmtp:unix:private/dovecot-lmtp';

const PARAM_VALUE = /^[A-Za-z0-9_./:,=$@+() -]*$/;

function checkedDir(dir: string): string {
  if (!dir.startsWith('/') || !/^[A-Za-z0-9_./+-]+$/.test(dir))
    fail(`map directory ${JSON.stringify(dir)} must be an absolute path without spaces or commas`);
  return dir.replace(/\/+$/, '');
}

/** The main.cf parameters for maps rendered into `mapDir`, as [name, value] pairs in a stable order. */
export function postfixMainCfParams(mapDir: string, options: PostfixConfigOptions = {}): Array<[string, string]> {
  const dir = checkedDir(mapDir);
  const hostRecipients = options.hostRecipientMaps ?? ['proxy:unix:passwd.byname'];
  const hostAliases = options.hostAliasMaps ?? ['hash:/etc/aliases'];
  const shards = checkedShards(options.shards ?? 1);
  // A sharded map is its base and its shards, in order; no key is in two of them (map-shards.ts).
  const tables = (name: string) => [name, ...shardFiles(name, shards)].map((file) => `hash:${dir}/${file}`);
  const params: Array<[string, string]> = [
    ['compatibility_level', '3.6'],
    // Panel domains are local: local(8) reads aliases and delivers accounts. `localhost` carries the
    // local names the virtual maps produce; $myhostname carries what local(8) writes for bare names.
    ['mydestination', `localhost, $myhostname, hash:${dir}/domains`],
    ['virtual_alias_maps', [...tables('virtual'), `regexp:${dir}/virtual.regexp`].join(', ')],
    ['alias_maps', [`hash:${dir}/aliases`, ...hostAliases].join(', ')],
    ['alias_database', `hash:${dir}/aliases`],
    ['local_recipient_maps', [...tables('recipients'), ...hostRecipients].join(', ')],
    ['transport_maps', tables('transport').join(', ')],
    ['recipient_delimiter', '+'],
    // Difference 1: virtual(5) must not append an unmatched +detail to its result (sendmail drops it).
    ['propagate_unmatched_extensions', 'canonical'],
    // An access key `example.com` means that domain only, never its subdomains.
    [
      'parent_domain_matches_subdomains',
      'debug_peer_list fast_flush_domains mynetworks permit_mx_backup_networks qmqpd_authorized_clients relay_domains',
    ],
    ['relay_domains', ''],
    ['smtpd_relay_restrictions', 'permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination'],
    // sendmail answers "550 5.7.1 Relaying denied"; Postfix's default code is 554.
    ['relay_domains_reject_code', '550'],
    // Difference 5: the rejections (virtusertable's `error:`) and the verdicts of virtmap chains.
    // One restriction per table of a sharded map: a domain's keys (and its DUNNO exceptions) are all in one.
    [
      'smtpd_recipient_restrictions',
      tables('access')
        .map((table) => `check_recipient_access ${table}`)
        .join(', '),
    ],
    ['allow_percent_hack', 'no'],
    ['swap_bangpath', 'no'],
    ['mailbox_transport', options.mailboxTransport ?? DEFAULT_MAILBOX_TRANSPORT],
  ];
  for (const [name, value] of params) if (!PARAM_VALUE.test(value)) fail(`main.cf ${name} value ${JSON.stringify(value)} is not safe`);
  return params;
}

/** The same as main.cf text: `name = value` lines. */
export function postfixMainCf(mapDir: string, options: PostfixConfigOptions = {}): string {
  return postfixMainCfParams(mapDir, options)
    .map(([name, value]) => `${name} = ${value}`.trimEnd() + '\n')
    .join('');
}

/**
 * What every smtpd service in master.cf (smtp, submission, smtps) needs: smtpd must not accept an address
 * just because a virtual key matches it (it does not follow virtual chains); `recipients` and `access`
 * carry the renderer's verdicts instead. cleanup keeps the real virtual_alias_maps.
 */
export const POSTFIX_SMTPD_OPTIONS: readonly string[] = ['-o virtual_alias_maps='];

/**
 * The services the rendered files name: `mailpanel-account` (transport for `\name` alias targets, see
 * ACCOUNT_DOMAIN in postfix.ts) is local(8) without aliases, so the copy goes to the account's mailbox
 * (mailbox_transport) without being looked up in aliases again. master.cf lines, ready to append.
 */
export const POSTFIX_MASTER_CF_SERVICES: readonly string[] = [
  `${ACCOUNT_SERVICE} unix  -       n       n       -       -       local`,
  '  -o alias_maps=',
];
