// The private test instance's main.cf and master.cf: the panel's own lines (lib/mailmaps/postfix-config.ts)
// plus what only a test needs — paths into the unpacked package, a log file, a loopback port, and delivery
// agents that never leave the machine (discard(8) for mailboxes and other domains; no smtp/lmtp client).
import path from 'node:path';
import { postfixMainCf, POSTFIX_MASTER_CF_SERVICES, POSTFIX_SMTPD_OPTIONS } from '@/lib/mailmaps/postfix-config';

export const POSTFIX_ROOT = path.resolve('.data/mta/postfix-root');
export const TEST_HOSTNAME = 'mail.panel-test.example';
/** What the test mailbox transport answers for a name that is not an account (Dovecot's LMTP would). */
export const NO_MAILBOX = 'User unknown (no mailbox)';
/**
 * The host's own names every domain keeps on a host with owners (`postmaster@d → postmaster`, lib/mail/
 * tenancy.ts): a real host's /etc/aliases delivers them; here they end in discard(8) with this reason,
 * which the probe reports as the resolver's `host` delivery.
 */
export const HOST_MAILBOXES = ['postmaster', 'abuse'] as const;
export const HOST_REASON = 'host';

export function instanceMainCf(dir: string, mapDir: string, logFile: string, shards = 1): string {
  const root = POSTFIX_ROOT;
  const lib = path.join(root, 'usr/lib/postfix');
  const test = [
    `queue_directory = ${dir}/queue`,
    `data_directory = ${dir}/data`,
    `daemon_directory = ${root}/usr/lib/postfix/sbin`,
    `command_directory = ${root}/usr/sbin`,
    `shlib_directory = ${lib}`,
    `meta_directory = ${root}/etc/postfix`,
    `sendmail_path = ${root}/usr/sbin/sendmail`,
    `newaliases_path = ${root}/usr/bin/newaliases`,
    `mailq_path = ${root}/usr/bin/mailq`,
    'mail_owner = postfix',
    'setgid_group = postdrop',
    // The unpacked binaries find their libraries through LD_LIBRARY_PATH (their RUNPATH is /usr/lib/postfix).
    `import_environment = MAIL_CONFIG MAIL_DEBUG MAIL_LOGTAG TZ LANG=C LD_LIBRARY_PATH=${lib}`,
    `export_environment = TZ MAIL_CONFIG LANG LD_LIBRARY_PATH=${lib}`,
    `maillog_file = ${logFile}`,
    `maillog_file_prefixes = ${dir}`,
    `myhostname = ${TEST_HOSTNAME}`,
    'mydomain = panel-test.example',
    'inet_interfaces = 127.0.0.1',
    'inet_protocols = ipv4',
    'mynetworks = 127.0.0.0/8',
    // A test session may pretend to be an outside client (XCLIENT ADDR=…) to see relaying refused.
    'smtpd_authorized_xclient_hosts = 127.0.0.0/8',
    'smtpd_peername_lookup = no',
    'smtpd_error_sleep_time = 0',
    'smtpd_soft_error_limit = 100000',
    'smtpd_hard_error_limit = 100000',
    // Nothing leaves the machine: other domains and mailboxes end in discard(8), unknown names bounce.
    'default_transport = discard:external',
    'relay_transport = discard:external',
    `mailbox_transport_maps = hash:${dir}/test/mailboxes`,
    'biff = no',
    'delay_warning_time = 0',
  ];
  const panel = postfixMainCf(mapDir, { mailboxTransport: `error:5.1.1 ${NO_MAILBOX}`, hostRecipientMaps: [], hostAliasMaps: [], shards });
  return `${test.join('\n')}\n# the panel's settings (lib/mailmaps/postfix-config.ts)\n${panel}`;
}

export function instanceMasterCf(port: number): string {
  const service = (name: string, type: string, priv: string, wakeup: string, limit: string, command: string) =>
    `${name} ${type} ${priv} - n ${wakeup} ${limit} ${command}`;
  return [
    `127.0.0.1:${port} inet n - n - - smtpd`,
    ...POSTFIX_SMTPD_OPTIONS.map((o) => `  ${o}`),
    service('pickup', 'unix', 'n', '60', '1', 'pickup'),
    service('cleanup', 'unix', 'n', '-', '0', 'cleanup'),
    service('qmgr', 'unix', 'n', '300', '1', 'qmgr'),
    service('rewrite', 'unix', '-', '-', '-', 'trivial-rewrite'),
    service('bounce', 'unix', '-', '-', '0', 'bounce'),
    service('defer', 'unix', '-', '-', '0', 'bounce'),
    service('trace', 'unix', '-', '-', '0', 'bounce'),
    service('verify', 'unix', '-', '-', '1', 'verify'),
    service('flush', 'unix', 'n', '1000?', '0', 'flush'),
    service('proxymap', 'unix', '-', '-', '-', 'proxymap'),
    service('showq', 'unix', 'n', '-', '-', 'showq'),
    service('error', 'unix', '-', '-', '-', 'error'),
    service('retry', 'unix', '-', '-', '-', 'error'),
    service('discard', 'unix', '-', '-', '-', 'discard'),
    `local unix - n n - - local`,
    service('anvil', 'unix', '-', '-', '1', 'anvil'),
    service('scache', 'unix', '-', '-', '1', 'scache'),
    service('postlog', 'unix-dgram', 'n', '-', '1', 'postlogd'),
    ...POSTFIX_MASTER_CF_SERVICES,
    '',
  ].join('\n');
}
