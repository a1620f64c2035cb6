import { describe, expect, it } from 'vitest';
import { defaultHostSettings, HostSettingsInput, resolveHostSettings } from './host-settings';

describe('host settings', () => {
  it('the defaults of both flavours are valid', () => {
    for (const flavor of ['SENDMAIL', 'POSTFIX'] as const)
      expect(HostSettingsInput.parse(defaultHostSettings(flavor, '/etc/mail/mailpanel/'))).toMatchObject({ mapDir: '/etc/mail/mailpanel' });
  });

  it('stored settings override the defaults field by field', () => {
    const s = resolveHostSettings('POSTFIX', '/srv/maps', { keepRevisions: 1, dovecot: { passwdGroup: null }, commands: { reload: [] } });
    expect(s).toMatchObject({ mapDir: '/srv/maps', keepRevisions: 1, dovecot: { uid: 5000, passwdGroup: null }, commands: { reload: [] } });
    expect(s.commands.buildMap.argv[0]).toBe('/usr/sbin/postmap');
    expect(resolveHostSettings('SENDMAIL', '/srv/maps', 'not an object').commands.buildMap.argv[0]).toBe('/usr/sbin/makemap');
  });

  it("reads a mailbox's usage with doveadm on either flavour, or with the host's own command", () => {
    for (const flavor of ['SENDMAIL', 'POSTFIX'] as const)
      expect(defaultHostSettings(flavor, '/srv/maps').commands.quotaGet).toEqual({
        argv: ['/usr/bin/doveadm', 'quota', 'get', '-u', '{user}'],
      });
    const own = { argv: ['/usr/bin/doveadm', '-c', '/etc/dovecot/mailpanel.conf', 'quota', 'get', '-u', '{user}'] };
    expect(resolveHostSettings('POSTFIX', '/srv/maps', { commands: { quotaGet: own } }).commands.quotaGet).toEqual(own);
  });

  it("reads the configuration of Debian's MTA by default, and only with a host's own command where it builds with its own", () => {
    expect(defaultHostSettings('POSTFIX', '/srv/maps').commands.readConfig?.argv).toEqual([
      '/usr/sbin/postconf',
      '-x',
      '-h',
      'virtual_alias_maps',
      'local_recipient_maps',
      'transport_maps',
      'smtpd_recipient_restrictions',
    ]);
    expect(defaultHostSettings('SENDMAIL', '/srv/maps').commands.readConfig?.argv).toEqual(['/bin/cat', '/etc/mail/sendmail.cf']);
    const wrapper = { buildMap: { argv: ['/usr/local/sbin/postmap', 'hash:{file}'] } };
    expect(resolveHostSettings('POSTFIX', '/srv/maps', { commands: wrapper }).commands.readConfig).toBeUndefined();
    const own = { argv: ['/usr/local/sbin/postconf', '-c', '/etc/postfix-out', '-x', '-h', 'virtual_alias_maps'] };
    expect(resolveHostSettings('POSTFIX', '/srv/maps', { commands: { ...wrapper, readConfig: own } }).commands.readConfig).toEqual(own);
  });

  it("patches small changes with the flavour's own tools, unless the host builds with a command of its own", () => {
    expect(defaultHostSettings('POSTFIX', '/srv/maps').commands.patchMap?.put.argv).toEqual([
      '/usr/sbin/postmap',
      '-i',
      '-r',
      'hash:{file}',
    ]);
    expect(defaultHostSettings('SENDMAIL', '/srv/maps').commands.patchAliases?.put).toEqual({
      argv: ['/usr/sbin/makemap', '-o', '-r', 'hash', '{file}'],
      stdin: '{pairs}',
    });
    // A wrapper builds the maps: the default patch would bypass it.
    const own = resolveHostSettings('POSTFIX', '/srv/maps', {
      commands: { buildMap: { argv: ['/usr/local/sbin/postmap', 'hash:{file}'] } },
    });
    expect(own.commands.patchMap).toBeUndefined();
    expect(own.commands.patchAliases).toBeDefined();
    // The default build written out in full is still the default build.
    const same = resolveHostSettings('POSTFIX', '/srv/maps', {
      commands: { buildMap: defaultHostSettings('POSTFIX', '/x').commands.buildMap },
    });
    expect(same.commands.patchMap).toEqual(defaultHostSettings('POSTFIX', '/x').commands.patchMap);
    // Patch commands of its own go with it, validated as any command.
    const patchMap = {
      put: { argv: ['/usr/local/sbin/postmap', '-i', '-r', 'hash:{file}'], stdin: '{lines}' },
      remove: { argv: ['/usr/local/sbin/postmap', '-d', '{key}', 'hash:{file}'] },
    };
    expect(
      resolveHostSettings('POSTFIX', '/srv/maps', {
        commands: { buildMap: { argv: ['/usr/local/sbin/postmap', 'hash:{file}'] }, patchMap },
      }).commands.patchMap,
    ).toEqual(patchMap);
    expect(() =>
      resolveHostSettings('POSTFIX', '/srv/maps', { commands: { patchMap: { ...patchMap, put: { ...patchMap.put, stdin: '{keys}' } } } }),
    ).toThrow(/stdin is one of: \{lines\} \{pairs\}/);
  });

  const base = defaultHostSettings('SENDMAIL', '/srv/maps');
  it.each([
    ['a relative map directory', { mapDir: 'maps' }],
    ['a map directory with ..', { mapDir: '/srv/../etc' }],
    ['a relative program', { commands: { ...base.commands, buildMap: { argv: ['makemap', 'hash', '{file}'], stdin: '{file}' } } }],
    ['a shell in an argument', { commands: { ...base.commands, buildMap: { argv: ['/usr/sbin/makemap', 'hash', '{file}; rm -rf /'] } } }],
    ['a space in an argument', { commands: { ...base.commands, reload: [{ argv: ['/bin/sh', '-c', 'kill -HUP 1'] }] } }],
    ['a placeholder the command does not get', { commands: { ...base.commands, reload: [{ argv: ['/bin/echo', '{file}'] }] } }],
    ['a build without {file}', { commands: { ...base.commands, buildMap: { argv: ['/usr/sbin/makemap', 'hash', '/etc/passwd'] } } }],
    [
      '{keys} as a build input',
      { commands: { ...base.commands, buildMap: { argv: ['/usr/sbin/makemap', 'hash', '{file}'], stdin: '{keys}' } } },
    ],
    ['an unknown field', { commands: { ...base.commands, shell: '/bin/sh' } }],
    ['a quota command without {user}', { commands: { ...base.commands, quotaGet: { argv: ['/usr/bin/doveadm', 'quota', 'get', '-A'] } } }],
    [
      'a quota command given {file}',
      { commands: { ...base.commands, quotaGet: { argv: ['/usr/bin/doveadm', '-c', '{file}', '-u', '{user}'] } } },
    ],
    ['a quota command with stdin', { commands: { ...base.commands, quotaGet: { argv: ['/usr/bin/doveadm', '{user}'], stdin: '{keys}' } } }],
    ['uid 0', { dovecot: { ...base.dovecot, uid: 0 } }],
  ])('refuses %s', (_, change) => {
    expect(HostSettingsInput.safeParse({ ...base, ...change }).success).toBe(false);
  });
});
