import { describe, expect, it } from 'vitest';
import { randomSnapshot, randomTenantSnapshot } from '@/tests/support/random-snapshot';
import { fileRole } from '../sync/publish-layout';
import { resolveHostSettings } from '../validation/host-settings';
import { shardBase, shardFile, shardFiles, shardOf } from '../mail/map-shards';
import { POSTFIX_HEADER, POSTFIX_SHARDED_FILES, renderPostfix } from './postfix';
import { postfixMainCfParams } from './postfix-config';
import { renderSendmail, SENDMAIL_HEADER } from './sendmail';
import { renderSendmailM4 } from './sendmail-mc';

// A host's per-domain maps in shards (lib/mail/map-shards.ts) hold exactly the lines of the one-file layout, each
// domain's in the shard its name hashes to, in the same order; the MTA's configuration names them all.
// tests/mta/sharded-maps.test.ts loads them into real Postfix and sendmail.

const lines = (text: string, header: string) => text.slice(header.length).split('\n').filter(Boolean);
/** The domain a map line's key belongs to (`x@d`, `@d` or `d`). */
const domainOf = (line: string) => {
  const key = line.slice(0, line.indexOf('\t'));
  return key.slice(key.lastIndexOf('@') + 1);
};

describe('shard numbers', () => {
  it("are the same on every release: a host's files on disk are named by them", () => {
    // FNV-1a (32 bits): "a" hashes to 0xe40c292c, the function's published test value; 0xe40c292c % 64 = 44.
    expect([shardOf('a', 64), shardOf('example.com', 16), shardOf('example.com', 7), shardOf('example.com', 1)]).toEqual([44, 6, 2, 0]);
  });

  it('name files with two digits, and read the base back', () => {
    expect(shardFile('virtual', 7)).toBe('virtual.07');
    expect(shardFiles('virtusertable', 3)).toEqual(['virtusertable.00', 'virtusertable.01', 'virtusertable.02']);
    expect(shardFiles('virtual', 1)).toEqual([]);
    expect([shardBase('virtual.07'), shardBase('virtual.regexp'), shardBase('virtual'), shardBase('virtual.99')]).toEqual([
      'virtual',
      'virtual.regexp',
      'virtual',
      'virtual.99',
    ]);
    expect([fileRole('postfix', 'recipients.03'), fileRole('sendmail', 'virtusertable.11'), fileRole('postfix', 'aliases.01')]).toEqual([
      'map',
      'map',
      'text',
    ]);
  });
});

describe('a host rendered in shards', () => {
  const hosts = Array.from({ length: 60 }, (_, i) => (i % 2 ? randomTenantSnapshot(i + 1, 'postfix') : randomSnapshot(i + 1, 'postfix')));

  it('Postfix: the base keeps the host-wide lines, each shard its domains', () => {
    for (const [i, snapshot] of hosts.entries()) {
      const whole = renderPostfix(snapshot);
      const split = renderPostfix(snapshot, { shards: 4 });
      expect(Object.keys(split).sort(), `host ${i}`).toEqual(
        [...Object.keys(whole), ...POSTFIX_SHARDED_FILES.flatMap((f) => shardFiles(f, 4))].sort(),
      );
      for (const name of Object.keys(whole))
        if (!(POSTFIX_SHARDED_FILES as readonly string[]).includes(name)) expect(split[name], `host ${i} ${name}`).toBe(whole[name]);
      for (const base of POSTFIX_SHARDED_FILES) {
        const shardLines = shardFiles(base, 4).map((name) => lines(split[name] as string, POSTFIX_HEADER));
        shardLines.forEach((list, k) => {
          for (const line of list) expect(shardOf(domainOf(line), 4), `host ${i} ${base} shard ${k}: ${line}`).toBe(k);
        });
        const ordered = [...lines(split[base] as string, POSTFIX_HEADER), ...shardLines.flat()];
        const expected = lines(whole[base] as string, POSTFIX_HEADER);
        expect([...ordered].sort(), `host ${i} ${base}`).toEqual([...expected].sort());
        // Each shard keeps the one file's order (its lines are that file's lines of its domains).
        for (const list of shardLines) expect(list, `host ${i} ${base}`).toEqual(expected.filter((l) => list.includes(l)));
      }
      expect(split.virtual, `host ${i}`).toBe(POSTFIX_HEADER);
    }
  });

  it('sendmail: the virtusertable base is only the header, the shards hold every key', () => {
    for (const [i, postfixHost] of hosts.entries()) {
      const snapshot = { ...postfixHost, host: { ...postfixHost.host, flavor: 'sendmail' as const } };
      const whole = renderSendmail(snapshot);
      const split = renderSendmail(snapshot, { shards: 5 });
      expect(split.virtusertable).toBe(SENDMAIL_HEADER);
      const shardLines = shardFiles('virtusertable', 5).map((name) => lines(split[name] as string, SENDMAIL_HEADER));
      shardLines.forEach((list, k) => {
        for (const line of list) expect(shardOf(domainOf(line), 5), `host ${i} shard ${k}`).toBe(k);
      });
      expect(shardLines.flat().sort()).toEqual(lines(whole.virtusertable, SENDMAIL_HEADER).sort());
      for (const name of ['local-host-names', 'aliases', 'accounts']) expect(split[name]).toBe(whole[name]);
    }
  });

  it('asked again with another layout, the same snapshot gives that layout', () => {
    const snapshot = hosts[4]!;
    const one = { ...renderPostfix(snapshot) };
    renderPostfix(snapshot, { shards: 3 });
    expect({ ...renderPostfix(snapshot) }).toEqual(one);
  });
});

describe('the configuration names every shard', () => {
  it('Postfix: each sharded map is its base and its shards, in order', () => {
    const params = Object.fromEntries(postfixMainCfParams('/srv/mail', { shards: 2 }));
    expect(params.virtual_alias_maps).toBe(
      'hash:/srv/mail/virtual, hash:/srv/mail/virtual.00, hash:/srv/mail/virtual.01, regexp:/srv/mail/virtual.regexp',
    );
    expect(params.transport_maps).toBe('hash:/srv/mail/transport, hash:/srv/mail/transport.00, hash:/srv/mail/transport.01');
    expect(params.local_recipient_maps).toBe(
      'hash:/srv/mail/recipients, hash:/srv/mail/recipients.00, hash:/srv/mail/recipients.01, proxy:unix:passwd.byname',
    );
    expect(params.smtpd_recipient_restrictions).toBe(
      'check_recipient_access hash:/srv/mail/access, check_recipient_access hash:/srv/mail/access.00, check_recipient_access hash:/srv/mail/access.01',
    );
    expect(Object.fromEntries(postfixMainCfParams('/srv/mail')).virtual_alias_maps).toBe(
      'hash:/srv/mail/virtual, regexp:/srv/mail/virtual.regexp',
    );
    expect(() => postfixMainCfParams('/srv/mail', { shards: 65 })).toThrow(/1 to 64/);
  });

  it('sendmail: the virtuser map is a sequence of the base and the shards, defined after them', () => {
    const m4 = renderSendmailM4({ mapDir: '/srv/mail', mailbox: { kind: 'lmtp', socket: '/run/dovecot/lmtp' }, shards: 2 });
    const k = (name: string) => m4.indexOf(`K${name} hash /srv/mail/`);
    expect(k('mailpanelvu')).toBeGreaterThan(-1);
    expect(k('mailpanelvu01')).toBeGreaterThan(k('mailpanelvu00'));
    expect(m4.indexOf("FEATURE(`virtusertable', `sequence mailpanelvu mailpanelvu00 mailpanelvu01')")).toBeGreaterThan(k('mailpanelvu01'));
    expect(renderSendmailM4({ mapDir: '/srv/mail', mailbox: { kind: 'lmtp', socket: '/run/dovecot/lmtp' } })).toContain(
      "FEATURE(`virtusertable', `hash /srv/mail/virtusertable')dnl",
    );
  });

  it("a host's settings take a shard count from 1 to 64, 1 by default", () => {
    expect(resolveHostSettings('POSTFIX', '/srv/mail', {}).mapShards).toBe(1);
    expect(resolveHostSettings('POSTFIX', '/srv/mail', { mapShards: 16 }).mapShards).toBe(16);
    expect(() => resolveHostSettings('POSTFIX', '/srv/mail', { mapShards: 0 })).toThrow(/at least 1/);
    expect(() => resolveHostSettings('SENDMAIL', '/srv/mail', { mapShards: 65 })).toThrow(/at most 64/);
    expect(() => resolveHostSettings('SENDMAIL', '/srv/mail', { mapShards: 2.5 })).toThrow(/whole number/);
  });
});
