import { describe, expect, it } from 'vitest';
import { postfixMainCfParams } from '../mailmaps/postfix-config';
import { renderSendmailM4 } from '../mailmaps/sendmail-mc';
import { shardLayoutProblems } from './shard-config';

const MAP_DIR = '/etc/postfix/mailpanel';

/** What `postconf -x -h virtual_alias_maps local_recipient_maps transport_maps smtpd_recipient_restrictions` prints. */
function postconf(shards: number, mapDir = MAP_DIR): string {
  const params = new Map(postfixMainCfParams(`${mapDir}/current`, { shards }));
  return ['virtual_alias_maps', 'local_recipient_maps', 'transport_maps', 'smtpd_recipient_restrictions']
    .map((name) => `${params.get(name)}\n`)
    .join('');
}

describe("the MTA's configuration against the shards a publish writes", () => {
  it('agrees when Postfix names the base and every shard of each sharded map, or the base alone without shards', () => {
    expect(shardLayoutProblems(postconf(16), 'postfix', MAP_DIR, 16)).toEqual([]);
    expect(shardLayoutProblems(postconf(1), 'postfix', MAP_DIR, 1)).toEqual([]);
  });

  it('refuses shards that main.cf does not name yet (the order that would refuse every domain)', () => {
    const problems = shardLayoutProblems(postconf(1), 'postfix', MAP_DIR, 16);
    expect(problems).toHaveLength(4); // virtual, recipients, access, transport
    expect(problems[0]).toBe(
      `Postfix's configuration names virtual alone, but this host's "Map shards" setting (16) writes virtual and ` +
        `virtual.00 … virtual.15 (16 shards): the MTA would not read them as written. Point the configuration at the ` +
        `new layout first, then publish (docs/publishing.md, "Shards").`,
    );
  });

  it('refuses fewer shards than main.cf names, and more', () => {
    expect(shardLayoutProblems(postconf(3), 'postfix', MAP_DIR, 2)[0]).toContain(
      'names virtual and virtual.00, virtual.01, virtual.02 (3 shards), but this host\'s "Map shards" setting (2) writes virtual and virtual.00, virtual.01 (2 shards)',
    );
    expect(shardLayoutProblems(postconf(3), 'postfix', MAP_DIR, 4)).toHaveLength(4);
    expect(shardLayoutProblems(postconf(4), 'postfix', MAP_DIR, 1)[0]).toContain('writes virtual alone');
  });

  it('does not take virtual.regexp, a .db or another map directory for a shard', () => {
    const other = postconf(16, '/etc/postfix/elsewhere');
    expect(shardLayoutProblems(other, 'postfix', MAP_DIR, 1)).toEqual([]); // names nothing of this host: not judged
    expect(
      shardLayoutProblems(`regexp:${MAP_DIR}/current/virtual.regexp, hash:${MAP_DIR}/current/virtual.000`, 'postfix', MAP_DIR, 4),
    ).toEqual([]);
    expect(shardLayoutProblems(`hash:${MAP_DIR}/current/virtual, hash:${MAP_DIR}/current/virtual.01`, 'postfix', MAP_DIR, 2)[0]).toContain(
      'names virtual and virtual.01 (1 shard)',
    );
  });

  it("reads sendmail's K lines, not its comments", () => {
    const cf = (shards: number) =>
      renderSendmailM4({ mapDir: '/etc/mail/mp/current', mailbox: { kind: 'lmtp', socket: '/run/dovecot/lmtp' }, shards });
    expect(shardLayoutProblems(cf(8), 'sendmail', '/etc/mail/mp', 8)).toEqual([]);
    expect(shardLayoutProblems(cf(1), 'sendmail', '/etc/mail/mp', 1)).toEqual([]);
    expect(shardLayoutProblems(cf(1), 'sendmail', '/etc/mail/mp', 8)).toEqual([
      `sendmail's configuration names virtusertable alone, but this host's "Map shards" setting (8) writes virtusertable and ` +
        `virtusertable.00 … virtusertable.07 (8 shards): the MTA would not read them as written. Point the configuration at the ` +
        `new layout first, then publish (docs/publishing.md, "Shards").`,
    ]);
    const commented = `# was: Kold hash /etc/mail/mp/current/virtusertable.00\n${cf(1)}`;
    expect(shardLayoutProblems(commented, 'sendmail', '/etc/mail/mp', 1)).toEqual([]);
  });
});
