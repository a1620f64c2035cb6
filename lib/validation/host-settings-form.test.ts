import { describe, expect, it } from 'vitest';
import { resolveHostSettings } from './host-settings';
import { commandText, defaultsAsForm, fieldOfSettingsPath, overridesFromForm, parseCommand } from './host-settings-form';

describe('command lines', () => {
  it.each([
    ['/usr/sbin/makemap hash {file} < {file}', { argv: ['/usr/sbin/makemap', 'hash', '{file}'], stdin: '{file}' }],
    ['/usr/sbin/postmap  -q {key}   hash:{file}', { argv: ['/usr/sbin/postmap', '-q', '{key}', 'hash:{file}'] }],
    [
      '/usr/bin/systemctl reload sendmail if-changed local-host-names,aliases',
      { argv: ['/usr/bin/systemctl', 'reload', 'sendmail'], when: ['local-host-names', 'aliases'] },
    ],
  ])('%s', (text, spec) => {
    expect(parseCommand(text)).toEqual(spec);
    expect(commandText(parseCommand(text))).toBe(text.replace(/\s+/g, ' '));
  });
});

describe('the publish mode field', () => {
  it('stores "files" and leaves "full" (the default) unstored, so the host follows the default', () => {
    expect(overridesFromForm({ publishMode: 'files' })).toEqual({ publishMode: 'files' });
    expect(overridesFromForm({ publishMode: 'full' })).toEqual({});
    expect(resolveHostSettings('SENDMAIL', '/srv/maps', overridesFromForm({ publishMode: 'files' })).publishMode).toBe('files');
    expect(resolveHostSettings('SENDMAIL', '/srv/maps', {}).publishMode).toBe('full');
  });

  it('refuses a mode it does not know', () => {
    expect(() => resolveHostSettings('SENDMAIL', '/srv/maps', overridesFromForm({ publishMode: 'sometimes' }))).toThrow(/files only/);
  });
});

describe('overridesFromForm', () => {
  it('stores nothing for blank fields', () => {
    expect(overridesFromForm({ keepRevisions: '', cmd_buildMap: '  ', dovecotUid: '' })).toEqual({});
  });

  it('turns filled fields into a partial HostSettings the resolver accepts', () => {
    const over = overridesFromForm({
      keepRevisions: '5',
      mapShards: '16',
      commandTimeoutSeconds: '30',
      dovecotPasswdGroup: 'none',
      dovecotUid: '8',
      cmd_reload: '/usr/sbin/service sendmail reload if-changed local-host-names',
    });
    expect(over).toEqual({
      keepRevisions: 5,
      mapShards: 16,
      commandTimeoutMs: 30_000,
      dovecot: { uid: 8, passwdGroup: null },
      commands: { reload: [{ argv: ['/usr/sbin/service', 'sendmail', 'reload'], when: ['local-host-names'] }] },
    });
    const settings = resolveHostSettings('SENDMAIL', '/etc/mail/panel', over);
    expect(settings.dovecot).toMatchObject({ uid: 8, gid: 5000, passwdGroup: null });
    expect(settings.mapShards).toBe(16);
    expect(settings.commands.buildMap.argv[0]).toBe('/usr/sbin/makemap');
  });

  it('"none" empties the reload list', () => {
    expect(overridesFromForm({ cmd_reload: 'none' })).toEqual({ commands: { reload: [] } });
  });

  it('round-trips the defaults of each flavour', () => {
    for (const flavor of ['SENDMAIL', 'POSTFIX'] as const) {
      const form = defaultsAsForm(flavor, '/srv/maps');
      expect(resolveHostSettings(flavor, '/srv/maps', overridesFromForm(form))).toEqual(resolveHostSettings(flavor, '/srv/maps', {}));
    }
  });
});

describe('fieldOfSettingsPath', () => {
  it.each([
    [['commands', 'buildMap', 'argv', 0], 'cmd_buildMap'],
    [['dovecot', 'homeBase'], 'dovecotHomeBase'],
    [['commandTimeoutMs'], 'commandTimeoutSeconds'],
    [['keepRevisions'], 'keepRevisions'],
  ])('%j → %s', (path, field) => {
    expect(fieldOfSettingsPath(path)).toBe(field);
  });
});
