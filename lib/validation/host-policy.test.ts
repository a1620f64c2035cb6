import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { commandProblem, hostPolicy, hostSettingsProblems, mapDirProblem, type CommandRole } from './host-policy';
import { defaultHostSettings, SENDMAIL_HUP } from './host-settings';
import { parseMailHostForm } from './mail-host';

const DEFAULT = hostPolicy({ MAILPANEL_DATA: '/srv/panel' });

describe('hostPolicy', () => {
  it("defaults to the MTAs' configuration directories and the panel's own mail hosts, commands from the list", () => {
    expect(DEFAULT).toEqual({ mapRoots: ['/etc/mail', '/etc/postfix', '/srv/panel/mailhost'], anyCommand: false });
  });

  it('takes the roots and the opt-out from the environment', () => {
    expect(hostPolicy({ MAILPANEL_MAP_ROOT: '/var/maps: /srv/mx/ ', MAILPANEL_ALLOW_ANY_HOST_COMMAND: '1' })).toEqual({
      mapRoots: ['/var/maps', '/srv/mx'],
      anyCommand: true,
    });
    expect(hostPolicy({ MAILPANEL_ALLOW_ANY_HOST_COMMAND: 'yes' }).anyCommand).toBe(false);
  });
});

describe('mapDirProblem', () => {
  it.each(['/etc/mail', '/etc/mail/panel', '/etc/postfix/panel/maps', '/srv/panel/mailhost/demo'])('allows %s', (dir) => {
    expect(mapDirProblem(dir, DEFAULT)).toBeNull();
  });

  it.each(['/etc', '/', '/etc/mailer', '/root/.ssh', '/srv/panel', '/srv/panel/pg', '/tmp/maps'])('refuses %s', (dir) => {
    expect(mapDirProblem(dir, DEFAULT)).toContain('must lie under /etc/mail, /etc/postfix, /srv/panel/mailhost');
  });
});

describe('commandProblem', () => {
  it.each<[CommandRole, string]>([
    ['build', '/usr/sbin/makemap hash {file}'],
    ['build', '/usr/sbin/postmap hash:{file}'],
    ['build', '/usr/sbin/postalias hash:{file}'],
    ['build', '/usr/bin/newaliases -oAhash:{file}'],
    ['check', '/usr/sbin/editmap -q hash {file} {key}'],
    ['check', '/usr/local/sbin/postmap -q - hash:{file}'],
    ['reload', '/usr/sbin/postfix reload'],
    ['reload', '/usr/bin/doveadm reload'],
    ['reload', '/usr/bin/systemctl reload postfix'],
    ['reload', '/bin/systemctl try-reload-or-restart sendmail.service'],
    ['reload', '/usr/sbin/service dovecot reload'],
    ['reload', '/etc/init.d/sendmail reload'],
    ['reload', SENDMAIL_HUP.join(' ')],
    ['quota', '/usr/bin/doveadm quota get -u {user}'],
    ['patch', '/usr/sbin/postmap -i -r hash:{file}'],
    ['patch', '/usr/sbin/editmap -x hash {file} {key}'],
    ['config', '/usr/sbin/postconf -x -h virtual_alias_maps transport_maps'],
    ['config', '/bin/cat /etc/mail/sendmail.cf'],
    ['config', '/usr/bin/cat /etc/postfix/main.cf'],
  ])('offers %s: %s', (role, line) => {
    expect(commandProblem(role, line.split(' '))).toBeNull();
  });

  it.each<[CommandRole, string, string]>([
    ['reload', '/bin/sh -c id', 'A reload command is one of'],
    ['reload', '/usr/bin/curl', 'A reload command is one of'],
    ['reload', '/usr/sbin/postfix stop', 'A reload command is one of'],
    ['reload', '/usr/bin/systemctl start evil', 'A reload command is one of'],
    ['reload', '/usr/bin/systemctl reload sshd', 'A reload command is one of'],
    ['reload', '/usr/bin/doveadm exec x', 'A reload command is one of'],
    ['reload', '/sbin/start-stop-daemon --start --exec /bin/sh', 'A reload command is one of'],
    ['reload', '/etc/init.d/ssh reload', 'A reload command is one of'],
    ['reload', '/home/admin/postfix reload', 'not in a system directory'],
    ['build', '/tmp/makemap hash {file}', 'not in a system directory'],
    ['build', '/usr/bin/python3 {file}', 'Use one of the map tools'],
    ['build', '/usr/sbin/newaliases -C/tmp/evil.cf {file}', 'Another configuration'],
    ['check', '/usr/sbin/postmap -c /tmp -q - hash:{file}', 'Another configuration'],
    ['quota', '/usr/bin/doveadm expunge -u {user} all', 'Use doveadm quota get'],
    ['patch', '/bin/cp {file} {file}.db', 'Use one of the map tools'],
    ['patch', '/usr/sbin/postmap -c /tmp -i hash:{file}', 'Another configuration'],
    // Reading, never editing main.cf, and no file but a configuration's.
    ['config', '/usr/sbin/postconf -e virtual_alias_maps=hash:/tmp/x', 'To read the configuration'],
    ['config', '/usr/sbin/postconf -X virtual_alias_maps', 'To read the configuration'],
    ['config', '/usr/sbin/postconf -c /tmp -h virtual_alias_maps', 'To read the configuration'],
    ['config', '/usr/sbin/postconf', 'To read the configuration'],
    ['config', '/bin/cat /etc/shadow', 'To read the configuration'],
    ['config', '/bin/cat /etc/mail/../shadow.cf', 'To read the configuration'],
    ['config', '/bin/cat /etc/mail/a.cf /etc/shadow', 'To read the configuration'],
    ['config', '/usr/bin/head /etc/mail/sendmail.cf', 'To read the configuration'],
  ])('refuses as %s: %s', (role, line, why) => {
    expect(commandProblem(role, line.split(' '))).toContain(why);
  });
});

describe('hostSettingsProblems', () => {
  it.each(['SENDMAIL', 'POSTFIX'] as const)('finds nothing in the %s defaults', (flavor) => {
    expect(hostSettingsProblems(defaultHostSettings(flavor, '/etc/mail/panel'), DEFAULT)).toEqual([]);
  });

  it('names each command outside the list at its path, and only the map root with the opt-out', () => {
    const settings = defaultHostSettings('POSTFIX', '/etc');
    settings.commands.reload = [{ argv: ['/usr/sbin/postfix', 'reload'] }, { argv: ['/bin/rm', '-rf', '/'] }];
    expect(hostSettingsProblems(settings, DEFAULT).map((p) => p.path)).toEqual([['mapDir'], ['commands', 'reload', 1]]);
    expect(hostSettingsProblems(settings, { ...DEFAULT, anyCommand: true }).map((p) => p.path)).toEqual([['mapDir']]);
  });

  it('checks the patch commands too', () => {
    const settings = defaultHostSettings('SENDMAIL', '/etc/mail/panel');
    settings.commands.patchAliases = { ...settings.commands.patchAliases!, remove: { argv: ['/usr/bin/truncate', '-s0', '{file}.db'] } };
    expect(hostSettingsProblems(settings, DEFAULT).map((p) => p.path)).toEqual([['commands', 'patchAliases', 'remove']]);
  });
});

describe('the mail host form', () => {
  // The form reads the policy of this process: the defaults, whatever the shell running the tests set.
  beforeEach(() => {
    vi.stubEnv('MAILPANEL_MAP_ROOT', '');
    vi.stubEnv('MAILPANEL_ALLOW_ANY_HOST_COMMAND', '');
  });
  afterEach(() => vi.unstubAllEnvs());
  const form = (values: Record<string, string>) =>
    parseMailHostForm({ name: 'mx1', flavor: 'POSTFIX', transport: 'LOCAL', mapDir: '/etc/postfix/panel', ...values });
  const errors = (values: Record<string, string>) => {
    const parsed = form(values);
    return (parsed.success ? {} : parsed.error.flatten().fieldErrors) as Record<string, string[] | undefined>;
  };

  it('takes the defaults under a default root', () => {
    expect(form({}).success).toBe(true);
  });

  it('refuses /etc as the map directory and a program as the reload command, on their fields', () => {
    const found = errors({ mapDir: '/etc', cmd_reload: '/usr/bin/curl http://x' });
    expect(found.mapDir?.[0]).toContain('must lie under');
    expect(found.cmd_reload?.[0]).toContain('A reload command is one of');
  });
});
