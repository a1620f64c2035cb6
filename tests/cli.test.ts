// `npm run mailpanel -- trace|render|snapshot`, run as a real command against a real database: it sees
// exactly what the login named with --as may see, and refuses hostile snapshot files.
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { createAccount } from '../lib/data/accounts';
import { readHostSnapshot } from '../lib/data/snapshots';
import { REDACTED_HASH } from '../lib/mail/snapshot-redaction';
import { renderFiles } from '../lib/sync/render-host';
import { shardFile, shardOf } from '../lib/mail/map-shards';
import { AccountInput } from '../lib/validation/accounts';
import { makeCustomer, makeDomain, makeHost, makeReseller, makeStaff } from './support/factories';
import { withPanelDatabase } from './support/panel-db';
import { mailpanelCommand } from './support/run-cli';

const database = withPanelDatabase();
const dir = path.resolve('.data', `cli-test-${process.pid}`);
let world: { admin: string; support: string; resellerA: string; resellerB: string; host: string; hostId: string; domain: string };

const mailpanel = mailpanelCommand(() => database.current.url);

beforeAll(async () => {
  const admin = await makeStaff('ADMIN');
  const host = await makeHost(admin);
  const a = await makeReseller(admin, [host.id]);
  const b = await makeReseller(admin, [host.id]);
  const customer = await makeCustomer(a.actor);
  const domain = await makeDomain(a.actor, customer.id, host.id);
  await createAccount(
    customer.actor,
    AccountInput.parse({ name: 'joe', password: 'a good long password', quotaMb: '10', mailHostId: host.id, addressDomainId: domain.id }),
    { confirm: () => true },
  );
  const support = await makeStaff('SUPPORT');
  world = {
    admin: admin.label,
    support: support.label,
    resellerA: a.email,
    resellerB: b.email,
    host: host.name,
    hostId: host.id,
    domain: domain.name,
  };
  await mkdir(dir, { recursive: true });
  return () => rm(dir, { recursive: true, force: true });
});

describe('mailpanel command', { timeout: 120_000 }, () => {
  it('traces an address for a login that may see it, and refuses one that may not', async () => {
    const own = await mailpanel('trace', `joe@${world.domain}`, '--as', world.resellerA);
    expect(own.code).toBe(0);
    expect(own.stdout).toContain('Delivered to the account joe.');
    const foreign = await mailpanel('trace', `joe@${world.domain}`, '--as', world.resellerB);
    expect(foreign.code).toBe(4);
    expect(foreign.stdout).not.toContain('joe');
    expect(foreign.stderr).toContain('was not found');
  });

  it("gives a whole host's snapshot to operators only, and traces and renders from it offline", async () => {
    expect((await mailpanel('snapshot', '--as', world.resellerA, '--host', world.host)).code).toBe(4);
    const snap = await mailpanel('snapshot', '--as', world.admin, '--host', world.host);
    expect(snap.code).toBe(0);
    const file = path.join(dir, 'host.json');
    await writeFile(file, snap.stdout);
    const traced = await mailpanel('trace', `JOE@${world.domain.toUpperCase()}`, '--snapshot', file, '--json');
    const tag = (await db().customer.findFirstOrThrow({ where: { domains: { some: { name: world.domain } } }, select: { mailTag: true } }))
      .mailTag;
    expect(JSON.parse(snap.stdout)).toMatchObject({
      version: 2,
      domainOwners: { [world.domain]: tag },
      accounts: [{ name: 'joe', owner: tag, login: `joe@${world.domain}` }],
    });
    expect(JSON.parse(traced.stdout)).toMatchObject({
      rcpt: { accepted: true },
      deliveries: [{ kind: 'account', name: 'joe', owner: tag }],
    });
    const unknown = await mailpanel('trace', `no-such-user@${world.domain}`, '--snapshot', file);
    expect(unknown.code).toBe(3);
    expect(unknown.stdout).toContain('550 5.1.1');

    const out = path.join(dir, 'maps');
    const rendered = await mailpanel('render', '--flavor', 'sendmail', '--out', out, '--snapshot', file);
    expect(rendered.code).toBe(0);
    // On the host the customer's joe is `<tag>-joe`; its domain's other names fall through to its own names only.
    const virtusertable = await readFile(path.join(out, 'virtusertable'), 'utf8');
    expect(virtusertable).toContain(`joe@${world.domain}\t${tag}-joe\n`);
    expect(virtusertable).toContain(`@${world.domain}\t${tag}-%1\n`);

    // --shards: the same lines in the domain's shard, the base only the header.
    const sharded = path.join(dir, 'sharded');
    const split = await mailpanel('render', '--flavor', 'postfix', '--out', sharded, '--snapshot', file, '--shards', '4');
    expect(split.code).toBe(0);
    const shard = path.join(sharded, shardFile('virtual', shardOf(world.domain, 4)));
    expect(await readFile(shard, 'utf8')).toContain(`@${world.domain}\t@${tag}.tenant.mailpanel.invalid\n`);
    expect(await readFile(path.join(sharded, 'virtual'), 'utf8')).not.toContain(world.domain);
    const refused = await mailpanel('render', '--flavor', 'postfix', '--out', sharded, '--snapshot', file, '--shards', '0');
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('--shards must be a whole number from 1 to 64')]);
  });

  it("prints no password hash to operators; only an admin's Dovecot render writes the real one, into its file", async () => {
    const stored = (
      await db().account.findFirstOrThrow({ where: { mailHostId: world.hostId, name: 'joe' }, select: { passwordHash: true } })
    ).passwordHash;
    expect(stored).toMatch(/^\{[A-Z0-9-]+\}\$/);
    for (const login of [world.admin, world.support]) {
      const snap = await mailpanel('snapshot', '--as', login, '--host', world.host);
      expect(snap.code).toBe(0);
      // The field stays (the format is the same), with the marker in place of the hash.
      expect(JSON.parse(snap.stdout)).toMatchObject({ accounts: [{ name: 'joe', passwordHash: REDACTED_HASH }] });
      expect(snap.stdout).not.toContain(stored);
      expect(snap.stdout).not.toMatch(/\{(ARGON2ID|ARGON2I|SHA512-CRYPT|SHA256-CRYPT|BLF-CRYPT)\}|\$argon2|\$2[aby]?\$|\$[56]\$/);
      const out = path.join(dir, `dovecot-${login}`);
      const rendered = await mailpanel('render', '--flavor', 'dovecot', '--out', out, '--as', login, '--host', world.host);
      expect(`${rendered.stdout}${rendered.stderr}`).not.toContain(stored);
      if (login === world.support) {
        expect(rendered.code).toBe(4);
        continue;
      }
      // An admin's render of the host's Dovecot files (what a reviewer runs against Dovecot after an import):
      // the real hashes, in a file only its owner reads.
      expect(rendered.code).toBe(0);
      expect(await readFile(path.join(out, 'dovecot-passwd'), 'utf8')).toContain(`:${stored}:`);
      expect((await stat(path.join(out, 'dovecot-passwd'))).mode & 0o777).toBe(0o600);
    }
    // The worker's path: the same host's snapshot as the sync reads it, rendered into the passwd-file.
    const files = renderFiles('dovecot', await readHostSnapshot(world.hostId), { uid: 5000, gid: 5000, homeBase: '/var/vmail' });
    expect(files['dovecot-passwd']).toContain(`:${stored}:`);
  });

  it('renders the Dovecot files of a snapshot file: the passwd-file and each autoreply script', async () => {
    const file = path.join(dir, 'autoreply.json');
    const snapshot = {
      version: 1,
      host: { name: 'mx', flavor: 'postfix' },
      domains: ['away.example'],
      accounts: [
        {
          name: 'joe',
          passwordHash: '{SHA512-CRYPT}$6$salt$hash',
          quotaMb: 10,
          autoreply: { subject: 'Away', text: 'Back soon.', days: 3 },
        },
        { name: 'ann', passwordHash: '{SHA512-CRYPT}$6$salt$hash', quotaMb: 10 },
      ],
      aliases: [],
      virtmaps: [{ domain: 'away.example', localPart: 'joe', target: { kind: 'local', name: 'joe' } }],
    };
    await writeFile(file, JSON.stringify(snapshot));
    const out = path.join(dir, 'dovecot');
    const rendered = await mailpanel('render', '--flavor', 'dovecot', '--out', out, '--snapshot', file);
    expect(rendered.code).toBe(0);
    expect(rendered.stdout).toContain(path.join(out, 'joe.sieve'));
    expect(rendered.stdout).not.toContain('ann.sieve');
    expect(await readFile(path.join(out, 'joe.sieve'), 'utf8')).toContain(
      'vacation :days 3 :subject "Away" :addresses ["joe@away.example"] "Back soon.";',
    );
  });

  it('refuses a snapshot file that carries what the panel would refuse', async () => {
    const file = path.join(dir, 'hostile.json');
    const hostile = {
      version: 1,
      host: { name: 'mx', flavor: 'sendmail' },
      domains: ['evil.example'],
      accounts: [{ name: 'joe\nroot', passwordHash: '{PLAIN}x', quotaMb: 1 }],
      aliases: [{ name: 'pipe', targets: [{ kind: 'external', address: '|/bin/sh -c id' }] }],
      virtmaps: [],
    };
    await writeFile(file, JSON.stringify(hostile));
    const result = await mailpanel('trace', 'joe@evil.example', '--snapshot', file);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('accounts.0.name');
    expect(result.stderr).toContain('aliases.0.targets.0');
  });
});
