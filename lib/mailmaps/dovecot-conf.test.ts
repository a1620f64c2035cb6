import { describe, expect, it } from 'vitest';
import { renderDovecotConf, type DovecotConfOptions } from './dovecot-conf';

const BASE: DovecotConfOptions = {
  instanceName: 'mailpanel',
  passwdFile: '/etc/dovecot/mailpanel/passwd',
  uid: 5000,
  gid: 5000,
  baseDir: '/run/dovecot-mailpanel',
  stateDir: '/var/lib/dovecot-mailpanel',
  listenAddress: '127.0.0.1',
  pop3Port: 11110,
};

const setting = (text: string, name: string) =>
  text
    .split('\n')
    .filter((line) => line.trim().startsWith(`${name} =`))
    .map((line) => line.trim());

describe('renderDovecotConf', () => {
  it('points passdb and userdb at the passwd-file and pins the uid/gid', () => {
    const text = renderDovecotConf(BASE);
    expect(text).toContain('passdb {\n  driver = passwd-file\n  args = username_format=%Lu /etc/dovecot/mailpanel/passwd\n}\n');
    expect(text).toContain('userdb {\n  driver = passwd-file\n  args = username_format=%Lu /etc/dovecot/mailpanel/passwd\n}\n');
    expect(setting(text, 'first_valid_uid')).toEqual(['first_valid_uid = 5000']);
    expect(setting(text, 'last_valid_gid')).toEqual(['last_valid_gid = 5000']);
    expect(setting(text, 'mail_location')).toEqual(['mail_location = maildir:~/Maildir']);
    expect(setting(text, 'protocols')).toEqual(['protocols = pop3']);
    expect(setting(text, 'port')).toEqual(['port = 11110', 'port = 0']);
  });

  it('without TLS turns SSL off but keeps plaintext passwords to loopback', () => {
    const text = renderDovecotConf(BASE);
    expect(setting(text, 'ssl')).toEqual(['ssl = no']);
    expect(setting(text, 'disable_plaintext_auth')).toEqual(['disable_plaintext_auth = yes']);
    expect(text).not.toContain('ssl_cert');
  });

  it('with TLS requires it', () => {
    const text = renderDovecotConf({
      ...BASE,
      listenAddress: '*',
      tls: { certFile: '/etc/ssl/mail.pem', keyFile: '/etc/ssl/private/mail.key' },
    });
    expect(setting(text, 'ssl')).toEqual(['ssl = required']);
    expect(setting(text, 'ssl_cert')).toEqual(['ssl_cert = </etc/ssl/mail.pem']);
    expect(setting(text, 'ssl_key')).toEqual(['ssl_key = </etc/ssl/private/mail.key']);
  });

  it('adds the LMTP socket for the MTA and refuses over-quota recipients at RCPT', () => {
    const text = renderDovecotConf({
      ...BASE,
      lmtp: { socketPath: '/var/spool/postfix/private/dovecot-lmtp', user: 'postfix', group: 'postfix', mode: '0600' },
    });
    expect(setting(text, 'protocols')).toEqual(['protocols = pop3 lmtp']);
    expect(text).toContain(
      '  unix_listener /var/spool/postfix/private/dovecot-lmtp {\n    mode = 0600\n    user = postfix\n    group = postfix\n  }\n',
    );
    expect(setting(text, 'lmtp_rcpt_check_quota')).toEqual(['lmtp_rcpt_check_quota = yes']);
    // Postfix's LMTP hand-off names joe@<hostname>: the user is the local part (the delivery test relies on it).
    expect(text).toContain('protocol lmtp {\n  auth_username_format = %Ln\n}\n');
  });

  it('runs the autoreply scripts in LMTP and dovecot-lda, each account by its name on the host', () => {
    const sieve = { scriptDir: '/etc/mail/mailpanel/current', submissionHost: '127.0.0.1:587', postmasterAddress: 'postmaster@mx.example' };
    const lmtp = { socketPath: '/run/dovecot/lmtp', user: 'postfix', group: 'postfix', mode: '0600' } as const;
    const text = renderDovecotConf({ ...BASE, lmtp, sieve });
    expect(text).toContain('protocol lmtp {\n  auth_username_format = %Ln\n  mail_plugins = $mail_plugins sieve\n}\n');
    expect(text).toContain('protocol lda {\n  mail_plugins = $mail_plugins sieve\n}\n');
    expect(setting(text, 'sieve')).toEqual(['sieve = file:/etc/mail/mailpanel/current/%n.sieve;bindir=~/.sieve-bin']);
    expect(setting(text, 'sieve_vacation_max_period')).toEqual(['sieve_vacation_max_period = 365d']);
    expect(setting(text, 'sieve_vacation_dont_check_recipient')).toEqual(['sieve_vacation_dont_check_recipient = no']);
    expect(setting(text, 'submission_host')).toEqual(['submission_host = 127.0.0.1:587']);
    expect(setting(text, 'postmaster_address')).toEqual(['postmaster_address = postmaster@mx.example']);
    // one plugin block: the quota's settings and Sieve's together
    expect(text.match(/^plugin \{/gm)).toHaveLength(1);
    // without a submission host, replies go through sendmail_path; without sieve, nothing of it
    expect(setting(renderDovecotConf({ ...BASE, sieve: { ...sieve, submissionHost: undefined } }), 'submission_host')).toEqual([]);
    expect(renderDovecotConf({ ...BASE, lmtp })).not.toMatch(/sieve|protocol lda|postmaster_address/);
  });

  it('is deterministic', () => {
    expect(renderDovecotConf({ ...BASE, logPath: '/var/log/x.log', authFailureDelaySeconds: 0 })).toBe(
      renderDovecotConf({ ...BASE, logPath: '/var/log/x.log', authFailureDelaySeconds: 0 }),
    );
  });

  it.each<[string, Partial<DovecotConfOptions>, string]>([
    ['a newline in a path', { passwdFile: '/etc/passwd\n!include /tmp/x' }, 'passwdFile'],
    ['a space in a path', { baseDir: '/run/a b' }, 'baseDir'],
    ['a variable in a path', { passwdFile: '/etc/%u' }, 'passwdFile'],
    ['a relative path', { stateDir: 'state' }, 'stateDir'],
    ['a brace in the instance name', { instanceName: 'x}' }, 'instance name'],
    ['a host name to listen on', { listenAddress: 'localhost' }, 'listen address'],
    ['port 0', { pop3Port: 0 }, 'POP3 port'],
    ['uid 0', { uid: 0 }, 'uid 0'],
    [
      'an LMTP owner with a newline',
      { lmtp: { socketPath: '/run/l', user: 'postfix\nx', group: 'postfix', mode: '0600' } },
      'LMTP socket owner',
    ],
    [
      'a world-writable LMTP socket',
      { lmtp: { socketPath: '/run/l', user: 'postfix', group: 'postfix', mode: '0666' as '0600' } },
      'LMTP socket mode',
    ],
    ['a negative failure delay', { authFailureDelaySeconds: -1 }, 'auth failure delay'],
    ['a variable in the script directory', { sieve: { scriptDir: '/m/%u', postmasterAddress: 'p@x.example' } }, 'sieve.scriptDir'],
    [
      'a submission host with a space',
      { sieve: { scriptDir: '/m/current', submissionHost: '127.0.0.1 :25', postmasterAddress: 'p@x.example' } },
      'submission host',
    ],
    ['a postmaster with a newline', { sieve: { scriptDir: '/m/current', postmasterAddress: 'p@x.example\nx' } }, 'postmaster address'],
  ])('refuses %s', (_what, change, message) => {
    expect(() => renderDovecotConf({ ...BASE, ...change })).toThrow(message);
  });
});
