import { describe, expect, it } from 'vitest';
import { DEFAULT_MAILBOX, renderSendmailM4, renderSendmailMc, SendmailConfigError } from './sendmail-mc';

const OPTIONS = { mapDir: '/etc/mail/mailpanel', hostAliasFiles: ['/etc/mail/aliases'], mailbox: DEFAULT_MAILBOX };

describe('renderSendmailM4', () => {
  const m4 = renderSendmailM4(OPTIONS);

  it('points sendmail at the panel maps, the panel aliases first', () => {
    expect(m4).toContain("define(`confCW_FILE', `/etc/mail/mailpanel/local-host-names %[^\\#]')dnl\n");
    expect(m4).toContain("FEATURE(`virtusertable', `hash /etc/mail/mailpanel/virtusertable')dnl\n");
    expect(m4).toContain("define(`ALIAS_FILE', `/etc/mail/mailpanel/aliases,/etc/mail/aliases')dnl\n");
    expect(m4).toContain('Kmailpanelaccounts hash /etc/mail/mailpanel/accounts\n');
  });

  it('looks accounts up after the aliases and the +detail dance (ruleset 5 hook)', () => {
    expect(m4).toContain(
      'SLocal_localaddr\n' +
        'R$+ + $*\t\t$@ $1 + $2\n' +
        'R$+\t\t\t$: < $(mailpanelaccounts $1 $: ? $) > $1\n' +
        'R< ? > $+\t\t$@ $1\n' +
        'R< $+ > $+\t\t$#mailpanel $@ $&h $: $1\n',
    );
  });

  it('delivers over LMTP to Dovecot, or with dovecot-lda as vmail', () => {
    expect(m4).toMatch(/Mmailpanel,\tP=\[IPC\], F=lsDFMPnqXz,.*\n\t\tA=FILE \/run\/dovecot\/lmtp\n/);
    const lda = {
      kind: 'lda',
      path: '/usr/lib/dovecot/dovecot-lda',
      user: 'vmail',
      group: 'vmail',
      config: '/etc/dovecot/dovecot.conf',
    } as const;
    expect(renderSendmailM4({ ...OPTIONS, mailbox: lda })).toMatch(
      /Mmailpanel,\tP=\/usr\/lib\/dovecot\/dovecot-lda, F=lsDFMPnqS,.*\n\t\tU=vmail:vmail, A=dovecot-lda -c \/etc\/dovecot\/dovecot.conf -d \$u\n/,
    );
  });

  it('is deterministic', () => {
    expect(renderSendmailM4(OPTIONS)).toBe(m4);
  });

  it.each([
    ['a relative map directory', { ...OPTIONS, mapDir: 'etc/mail' }],
    ['a quote that would end the m4 string', { ...OPTIONS, mapDir: "/etc/mail'x" }],
    ['a newline that would add a line to sendmail.cf', { ...OPTIONS, mapDir: '/etc/mail\nO RunAsUser=root' }],
    ['a comma in an alias file (a second alias file)', { ...OPTIONS, hostAliasFiles: ['/etc/a,/tmp/b'] }],
    ['a parent directory step', { ...OPTIONS, mapDir: '/etc/mail/../../tmp' }],
    [
      'a mailbox user with a colon',
      { ...OPTIONS, mailbox: { kind: 'lda', path: '/usr/lib/dovecot/dovecot-lda', user: 'vmail:root', group: 'vmail' } as const },
    ],
    [
      'an LMTP socket with a space (a second mailer argument)',
      { ...OPTIONS, mailbox: { kind: 'lmtp', socket: '/run/dovecot/lmtp -x' } as const },
    ],
  ])('refuses %s', (_, options) => {
    expect(() => renderSendmailM4(options)).toThrow(SendmailConfigError);
  });
});

describe('renderSendmailMc', () => {
  it('wraps the panel part in a Debian .mc with the local and esmtp mailers', () => {
    const mc = renderSendmailMc(OPTIONS);
    expect(mc).toContain("OSTYPE(`debian')dnl\n");
    expect(mc).toContain(renderSendmailM4(OPTIONS));
    expect(mc.endsWith("MAILER(`local')dnl\nMAILER(`smtp')dnl\n")).toBe(true);
    expect(mc).not.toContain('confDOMAIN_NAME');
  });

  it('isolates a test instance: its own name, files-only lookups, its own state', () => {
    const mc = renderSendmailMc({
      ...OPTIONS,
      isolated: {
        hostName: 'mail.mailpanel.test',
        serviceSwitchFile: '/lab/service.switch',
        hostsFile: '/lab/hosts',
        stateDir: '/lab/state',
      },
    });
    expect(mc).toContain("define(`confDOMAIN_NAME', `mail.mailpanel.test')dnl\n");
    expect(mc).toContain("define(`confSERVICE_SWITCH_FILE', `/lab/service.switch')dnl\n");
    expect(mc).toContain("FEATURE(`nocanonify')dnl\n");
    expect(mc).toContain("define(`QUEUE_DIR', `/lab/state/mqueue')dnl\n");
  });

  it('refuses an unqualified test host name (sendmail would sleep 60 s at every start)', () => {
    expect(() =>
      renderSendmailMc({ ...OPTIONS, isolated: { hostName: 'vm', serviceSwitchFile: '/a', hostsFile: '/b', stateDir: '/c' } }),
    ).toThrow(SendmailConfigError);
  });
});
