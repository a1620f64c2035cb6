// Real Dovecot 2.3 against the files the panel renders: the password set in the panel (hashMailboxPassword)
// logs in, a wrong one does not; the passwd-file's quota and home reach the userdb; mail delivered the two
// ways the MTAs hand it over (LMTP for Postfix, dovecot-lda for sendmail) is fetched over POP3. Needs
// tests/mta/install-dovecot.sh; runs a private instance (tests/mta/dovecot-instance.ts). A second instance
// serves a host view of customers' accounts: login by address or legacy name, delivery to the host name.
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync, utimesSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashMailboxPassword } from '../../lib/auth/mailbox-password';
import type { MailSnapshot, SnapshotAccount } from '../../lib/mail/snapshot';
import { parseDovecotPasswd, renderDovecotPasswd } from '../../lib/mailmaps/dovecot';
import { waitFor } from '../support/wait-for';
import { lmtpDeliver, Pop3Client } from './dovecot-clients';
import { MAIL_GID, MAIL_UID, requireDovecot, startDovecot, type DovecotInstance } from './dovecot-instance';

const PASSWORDS: Record<string, string> = {
  joe: 'joe password 1',
  'mary.jane-smith': 'Mary-Jane pass 2',
  'a-b.c_d': 'tiny quota box 3',
  legacy: 'imported long ago',
};
const QUOTAS: Record<string, number> = { joe: 1024, 'mary.jane-smith': 2048, 'a-b.c_d': 1, legacy: 10 };

let dovecot: DovecotInstance;
let accounts: SnapshotAccount[];
const timings: Record<string, string> = {};

const render = (list: SnapshotAccount[]) =>
  renderDovecotPasswd({ accounts: list }, { uid: MAIL_UID, gid: MAIL_GID, homeBase: dovecot.homeBase });

async function pop3Login(user: string, password: string): Promise<{ reply: string; ms: number; client: Pop3Client }> {
  const started = performance.now();
  const { client, greeting } = await Pop3Client.connect(dovecot.pop3Port);
  expect(greeting).toMatch(/^\+OK/);
  expect(await client.command(`USER ${user}`)).toMatch(/^\+OK/);
  const reply = await client.command(`PASS ${password}`);
  return { reply, ms: performance.now() - started, client };
}

// Dovecot delays every login from a client address after a failure there (auth penalty, up to 15 s; a
// doveadm request without an address shares one bucket). Each check comes from its own loopback address,
// as separate clients would.
let client = 0;
const authTest = (user: string, password: string) => {
  client++;
  return dovecot.doveadm('auth', 'test', '-x', `rip=127.0.${client >> 8}.${(client % 255) + 1}`, user, password);
};

/** Asks until Dovecot answers `want` (it re-reads a changed passwd-file within a second or so). */
const authUntil = async (user: string, password: string, want: number) =>
  (
    await waitFor(
      `Dovecot to answer ${want} for ${user}`,
      async () => ((await authTest(user, password)).code === want ? { want } : null),
      5_000,
    )
  ).want;

const message = (subject: string, body = 'Hello from the test.') =>
  `From: sender@example.org\nTo: someone@example.com\nSubject: ${subject}\nMessage-ID: <${subject.replace(/\W/g, '')}@test>\n\n${body}\n`;

beforeAll(async () => {
  requireDovecot(); // fails with the install command when Dovecot is missing: no silent skip
  const hashed = performance.now();
  accounts = await Promise.all(
    ['joe', 'mary.jane-smith', 'a-b.c_d'].map(async (name) => ({
      name,
      passwordHash: await hashMailboxPassword(PASSWORDS[name]!),
      quotaMb: QUOTAS[name]!,
    })),
  );
  timings.hash3 = `${Math.round(performance.now() - hashed)} ms for 3 hashes`;
  // An imported hash of another scheme Dovecot verifies: the renderer carries it unchanged.
  const legacy = execFileSync('doveadm', ['pw', '-s', 'SHA512-CRYPT', '-p', PASSWORDS.legacy!], { encoding: 'utf8' }).trim();
  accounts.push({ name: 'legacy', passwordHash: legacy, quotaMb: QUOTAS.legacy! });
  dovecot = await startDovecot('');
  dovecot.publishPasswd(render(accounts));
  timings.start = `${Math.round(dovecot.startMs)} ms`;
});

afterAll(async () => {
  if (Object.keys(timings).length > 1) console.info(`dovecot timings: ${JSON.stringify(timings)}`);
  await dovecot?.stop();
});

describe('Dovecot verifies the hashes the panel writes', () => {
  it('doveadm pw -t accepts each hash with its password and refuses a wrong one', async () => {
    for (const account of accounts) {
      const good = await dovecot.run('/usr/bin/doveadm', ['pw', '-t', account.passwordHash, '-p', PASSWORDS[account.name]!]);
      expect(good, account.name).toMatchObject({ code: 0 });
      expect(good.stdout).toContain('(verified)');
      const bad = await dovecot.run('/usr/bin/doveadm', ['pw', '-t', account.passwordHash, '-p', `${PASSWORDS[account.name]!}x`]);
      expect(bad.code, account.name).not.toBe(0);
      expect(bad.stderr).toContain('mismatch');
    }
  });

  it('the published file parses back to the accounts', async () => {
    const entries = parseDovecotPasswd(readFileSync(dovecot.passwdFile, 'utf8'));
    expect(entries.map(({ name, passwordHash, quotaMb }) => ({ name, passwordHash, quotaMb }))).toEqual(
      [...accounts].sort((a, b) => (a.name < b.name ? -1 : 1)),
    );
  });

  it('doveadm auth test accepts the panel password of every account and refuses a wrong one', async () => {
    for (const account of accounts) {
      const good = await authTest(account.name, PASSWORDS[account.name]!);
      expect(good, account.name).toMatchObject({ code: 0 });
      expect(good.stdout).toContain(`passdb: ${account.name} auth succeeded`);
      const bad = await authTest(account.name, `${PASSWORDS[account.name]!} `);
      expect(bad.code, account.name).toBe(77);
      expect(bad.stdout).toContain('auth failed');
    }
  });

  it("looks names up in lower case and refuses unknown names and another account's password", async () => {
    expect((await authTest('Mary.Jane-Smith', PASSWORDS['mary.jane-smith']!)).code).toBe(0);
    expect((await authTest('nobody-here', PASSWORDS.joe!)).code).toBe(77);
    expect((await authTest('joe', PASSWORDS['mary.jane-smith']!)).code).toBe(77);
    expect((await authTest('mary', PASSWORDS['mary.jane-smith']!)).code).toBe(77);
  });

  it('the userdb gives uid, gid, home and the quota from the extra field, and the quota plugin applies it', async () => {
    for (const account of accounts) {
      const user = await dovecot.doveadm('user', account.name);
      expect(user, account.name).toMatchObject({ code: 0 });
      expect(user.stdout).toMatch(new RegExp(`^uid\\s+${MAIL_UID}$`, 'm'));
      expect(user.stdout).toMatch(new RegExp(`^gid\\s+${MAIL_GID}$`, 'm'));
      expect(user.stdout).toContain(`${dovecot.homeBase}/${account.name}`);
      expect(user.stdout).toMatch(new RegExp(`^quota_rule\\s+\\*:storage=${account.quotaMb}M$`, 'm'));
      const quota = await dovecot.doveadm('quota', 'get', '-u', account.name);
      expect(quota, account.name).toMatchObject({ code: 0 });
      // The limit from the passwd-file (what is stored so far depends on what other tests delivered).
      expect(quota.stdout).toMatch(new RegExp(`STORAGE\\s+\\d+\\s+${account.quotaMb * 1024}\\s+\\d+`));
    }
  });
});

describe('POP3 login and delivery into the same mailbox', () => {
  it('logs in over POP3 (USER/PASS on loopback) with the panel password', async () => {
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const name = accounts[i % accounts.length]!.name;
      const { reply, ms, client } = await pop3Login(name, PASSWORDS[name]!);
      expect(reply, name).toBe('+OK Logged in.');
      expect(await client.command('STAT')).toMatch(/^\+OK \d+ \d+$/);
      await client.quit();
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    timings.pop3Login = `median ${Math.round(times[5]!)} ms, max ${Math.round(times[9]!)} ms (connect+USER+PASS)`;
  });

  it('delivers by LMTP (as Postfix does) to name and name+detail, fetched over POP3', async () => {
    const { client: counting } = await pop3Login('joe', PASSWORDS.joe!);
    const held = Number(/^\+OK (\d+) /.exec(await counting.command('STAT'))?.[1]);
    await counting.quit();
    const result = await lmtpDeliver(dovecot.lmtpSocket, 'sender@example.org', ['joe', 'joe+news', 'unknown-user'], message('Via LMTP'));
    expect(result.rcpt[0]).toMatch(/^250/);
    expect(result.rcpt[1]).toMatch(/^250/);
    expect(result.rcpt[2]).toMatch(/^550 5\.1\.1/);
    expect(result.data).toEqual([expect.stringMatching(/^250 2\.0\.0/), expect.stringMatching(/^250 2\.0\.0/)]);

    const { reply, client } = await pop3Login('joe', PASSWORDS.joe!);
    expect(reply).toBe('+OK Logged in.');
    expect(await client.command('STAT')).toMatch(new RegExp(`^\\+OK ${held + 2} `));
    const retrieved = await client.multiline(`RETR ${held + 1}`);
    expect(retrieved.lines).toContain('Subject: Via LMTP');
    await client.quit();
  });

  it("delivers with dovecot-lda (as sendmail's local mailer would) into the mailbox POP3 serves", async () => {
    const lda = await dovecot.run(
      '/usr/lib/dovecot/dovecot-lda',
      ['-c', dovecot.confFile, '-d', 'mary.jane-smith', '-f', 'sender@example.org'],
      message('Via LDA'),
    );
    expect(lda, dovecot.log()).toMatchObject({ code: 0 });
    const { client } = await pop3Login('mary.jane-smith', PASSWORDS['mary.jane-smith']!);
    const stat = /^\+OK (\d+) /.exec(await client.command('STAT'));
    expect(Number(stat?.[1])).toBeGreaterThanOrEqual(1);
    expect((await client.multiline(`TOP ${stat?.[1]} 0`)).lines).toContain('Subject: Via LDA');
    await client.quit();
    const unknown = await dovecot.run(
      '/usr/lib/dovecot/dovecot-lda',
      ['-c', dovecot.confFile, '-d', 'unknown-user', '-f', 'sender@example.org'],
      message('Lost'),
    );
    expect(unknown.code).toBe(67); // EX_NOUSER: the MTA bounces it
  });

  it('enforces the quota from the passwd-file on delivery', async () => {
    const big = message('Too big', `${'x'.repeat(999)}\n`.repeat(1500)); // ~1.5 MB into a 1 MB mailbox
    const result = await lmtpDeliver(dovecot.lmtpSocket, 'sender@example.org', ['a-b.c_d'], big);
    expect(result.rcpt).toEqual([expect.stringMatching(/^250/)]);
    expect(result.data).toEqual([expect.stringMatching(/^552 5\.2\.2 .*[Qq]uota/)]);
  });

  it('refuses a wrong password over POP3', async () => {
    const { reply, client } = await pop3Login('joe', 'not the password');
    expect(reply).toMatch(/^-ERR \[AUTH\] Authentication failed/);
    await client.quit();
  });
});

// How a publish must replace the file: Dovecot 2.3 re-reads a passwd-file only when its mtime (whole
// seconds) or size changed (db-passwd-file.c, passwd_file_sync). A password change gives a file of the same
// size; renamed into place within the same second as the file Dovecot last read, it would go unnoticed.
describe('publishing a changed password', () => {
  it('is picked up when the mtime moves on, and missed when size and mtime stay the same', async () => {
    // Dovecot has read the file as it is now (the stale case needs a file it read before the change).
    expect(await authUntil('joe', PASSWORDS.joe!, 0)).toBe(0);
    const before = statSync(dovecot.passwdFile).mtime;
    const newHash = await hashMailboxPassword('joe new pass 9');
    const changed = accounts.map((a) => (a.name === 'joe' ? { ...a, passwordHash: newHash } : a));
    expect(render(changed).length).toBe(render(accounts).length);

    try {
      dovecot.publishPasswd(render(changed));
      utimesSync(dovecot.passwdFile, before, before); // same size, same mtime: what a same-second publish looks like
      // The subject is a change Dovecot never notices, so there is no event to wait for: wait past its
      // once-a-second re-check (1.1 s), then show the stale file is still the one in use.
      await new Promise((r) => setTimeout(r, 1100));
      expect((await authTest('joe', PASSWORDS.joe!)).code, 'stale file still used').toBe(0);
      expect((await authTest('joe', 'joe new pass 9')).code).toBe(77);

      const later = new Date(before.getTime() + 1000); // the rule for the sync job: never reuse the old mtime
      utimesSync(dovecot.passwdFile, later, later);
      expect(await authUntil('joe', 'joe new pass 9', 0)).toBe(0);
      expect((await authTest('joe', PASSWORDS.joe!)).code).toBe(77);
    } finally {
      // The other tests log in with the first passwords: put them back, with a newer mtime, and wait for them.
      dovecot.publishPasswd(render(accounts));
      const after = new Date(Math.max(Date.now(), before.getTime() + 2000));
      utimesSync(dovecot.passwdFile, after, after);
      await authUntil('joe', PASSWORDS.joe!, 0);
    }
  });
});

// A version 2 snapshot (lib/mail/tenancy.ts): customers ta and tb both have "joe". ta's joe was there before
// tenancy: it still logs in as "joe" too and keeps its mailbox directory. tb's "old" is disabled.
describe('a host view: logins by address and legacy name, delivery to the host name, one mailbox', () => {
  const PASS = { ta: 'ta joe password 1', tb: 'tb joe password 2', old: 'old box password 3' };
  let tenant: DovecotInstance;
  let rip = 0;

  // POP3 logins come from 127.0.0.1: Dovecot accepts a plaintext password only when the client's address
  // is its own (a client at 127.0.0.2 is refused "Plaintext authentication disallowed"). A failed login
  // delays the next ones from that address (auth penalty), so wrong passwords are tried over POP3 last,
  // and before that with `doveadm auth test`, each from its own address.
  async function login(user: string, password: string): Promise<{ reply: string; client: Pop3Client }> {
    const { client, greeting } = await Pop3Client.connect(tenant.pop3Port);
    expect(greeting).toMatch(/^\+OK/);
    expect(await client.command(`USER ${user}`)).toMatch(/^\+OK/);
    return { reply: await client.command(`PASS ${password}`), client };
  }
  async function passdb(user: string, password: string): Promise<{ code: number; stdout: string }> {
    rip++;
    return tenant.doveadm('auth', 'test', '-x', `rip=127.0.${10 + (rip >> 8)}.${(rip % 250) + 1}`, user, password);
  }
  async function loginReply(user: string, password: string): Promise<string> {
    const { reply, client } = await login(user, password);
    await client.quit();
    return reply;
  }
  async function subjects(user: string, password: string): Promise<string[]> {
    const { reply, client } = await login(user, password);
    expect(reply, user).toBe('+OK Logged in.');
    const list = await client.multiline('LIST');
    const found: string[] = [];
    for (let i = 1; i <= list.lines.length; i++) {
      found.push(...(await client.multiline(`TOP ${i} 0`)).lines.filter((line) => line.startsWith('Subject: ')));
    }
    await client.quit();
    return found.sort();
  }

  beforeAll(async () => {
    const [ta, tb, old] = await Promise.all([PASS.ta, PASS.tb, PASS.old].map((p) => hashMailboxPassword(p)));
    const snapshot: MailSnapshot = {
      version: 2,
      host: { name: 'mx.example', flavor: 'postfix' },
      domains: ['subhost1.example', 'b.example'],
      domainOwners: { 'subhost1.example': 'ta', 'b.example': 'tb' },
      accounts: [
        { name: 'joe', owner: 'ta', passwordHash: ta!, quotaMb: 10, login: 'joe@subhost1.example', legacyLogin: 'joe', mailbox: 'joe' },
        { name: 'joe', owner: 'tb', passwordHash: tb!, quotaMb: 20, login: 'joe@b.example' },
        { name: 'old', owner: 'tb', passwordHash: old!, quotaMb: 5, login: 'old@b.example', loginDisabled: true },
      ],
      aliases: [],
      virtmaps: [],
    };
    tenant = await startDovecot('');
    tenant.publishPasswd(renderDovecotPasswd(snapshot, { uid: MAIL_UID, gid: MAIL_GID, homeBase: tenant.homeBase }));
  });

  afterAll(async () => {
    await tenant?.stop();
  });

  it('logs in with the address (any case) and with the legacy name; refuses the host name with the right password', async () => {
    expect(await loginReply('joe@subhost1.example', PASS.ta)).toBe('+OK Logged in.');
    expect(await loginReply('Joe@SubHost1.Example', PASS.ta)).toBe('+OK Logged in.');
    expect(await loginReply('joe', PASS.ta)).toBe('+OK Logged in.');
    expect(await loginReply('joe@b.example', PASS.tb)).toBe('+OK Logged in.');
    // The host name serves delivery only: the right password is refused, and Dovecot says why.
    expect(await loginReply('ta-joe', PASS.ta)).toBe('-ERR [AUTH] Login disabled for this user');
    expect(await loginReply('tb-joe', PASS.tb)).toBe('-ERR [AUTH] Login disabled for this user');
  });

  it("the passdb refuses wrong passwords, the other customer's password and unknown names (doveadm auth test)", async () => {
    for (const user of ['ta-joe', 'joe@subhost1.example', 'joe']) expect((await passdb(user, 'not the password')).code, user).toBe(77);
    expect((await passdb('joe', PASS.tb)).code).toBe(77);
    expect((await passdb('joe@b.example', PASS.ta)).code).toBe(77);
    expect((await passdb('joe@subhost1', PASS.ta)).code).toBe(77);
    // `nologin` is for the login processes: the passdb itself says "succeeded" and hands the field over,
    // so `doveadm auth test` cannot tell whether a login would be let in.
    const hostName = await passdb('ta-joe', PASS.ta);
    expect(hostName.code).toBe(0);
    expect(hostName.stdout).toMatch(/^\s+nologin$/m);
    expect((await passdb('joe@subhost1.example', PASS.ta)).stdout).not.toMatch(/nologin/);
  });

  it('mail delivered by LMTP to the host name is fetched after logging in with the address or the legacy name', async () => {
    // What the mailboxes held before (another test may have delivered there too).
    const taBefore = await subjects('joe', PASS.ta);
    const tbBefore = await subjects('joe@b.example', PASS.tb);
    const result = await lmtpDeliver(
      tenant.lmtpSocket,
      'sender@example.org',
      ['ta-joe', 'tb-joe@mx.example', 'joe@b.example'],
      message('For ta joe'),
    );
    // LMTP looks up the local part (auth_username_format %Ln): "joe@b.example" finds the legacy name "joe",
    // ta's joe, not tb's. The MTAs hand over host names only (the renderers' host views), never this.
    expect(result.rcpt).toEqual([expect.stringMatching(/^250/), expect.stringMatching(/^250/), expect.stringMatching(/^250/)]);
    expect(result.data).toEqual([
      expect.stringMatching(/^250 2\.0\.0 <ta-joe> /),
      expect.stringMatching(/^250 2\.0\.0 <tb-joe@mx\.example> /),
      expect.stringMatching(/^250 2\.0\.0 <joe@b\.example> /),
    ]);
    const tb = await lmtpDeliver(tenant.lmtpSocket, 'sender@example.org', ['tb-joe'], message('For tb joe'));
    expect(tb.data).toEqual([expect.stringMatching(/^250 2\.0\.0/)]);

    const taNow = [...taBefore, 'Subject: For ta joe', 'Subject: For ta joe'].sort();
    expect(await subjects('joe@subhost1.example', PASS.ta)).toEqual(taNow);
    expect(await subjects('joe', PASS.ta)).toEqual(taNow);
    expect(await subjects('joe@b.example', PASS.tb)).toEqual([...tbBefore, 'Subject: For ta joe', 'Subject: For tb joe'].sort());
  });

  it('every line of an account gives the same home and quota: one Maildir, one quota', async () => {
    const mail = await lmtpDeliver(tenant.lmtpSocket, 'sender@example.org', ['ta-joe'], message('Counted'));
    expect(mail.data).toEqual([expect.stringMatching(/^250 2\.0\.0/)]);
    const users = await Promise.all(['ta-joe', 'joe@subhost1.example', 'joe'].map((name) => tenant.doveadm('user', name)));
    for (const user of users) {
      expect(user).toMatchObject({ code: 0 });
      expect(user.stdout).toMatch(new RegExp(`^home\\s+${tenant.homeBase}/joe$`, 'm'));
      expect(user.stdout).toMatch(/^quota_rule\s+\*:storage=10M$/m);
    }
    const quotas = await Promise.all(['ta-joe', 'joe@subhost1.example', 'joe'].map((name) => tenant.doveadm('quota', 'get', '-u', name)));
    const storage = quotas.map((q) => /STORAGE\s+(\d+)\s+10240\s/.exec(q.stdout)?.[1]);
    expect(Number(storage[0])).toBeGreaterThan(0);
    expect(new Set(storage)).toEqual(new Set([storage[0]]));
    expect((await tenant.doveadm('user', 'joe@b.example')).stdout).toMatch(new RegExp(`^home\\s+${tenant.homeBase}/tb-joe$`, 'm'));
  });

  it('a disabled account still gets its mail by LMTP, and nobody can log in to it', async () => {
    const result = await lmtpDeliver(tenant.lmtpSocket, 'sender@example.org', ['tb-old'], message('For a disabled box'));
    expect(result.rcpt).toEqual([expect.stringMatching(/^250/)]);
    expect(result.data).toEqual([expect.stringMatching(/^250 2\.0\.0/)]);
    const quota = await tenant.doveadm('quota', 'get', '-u', 'tb-old');
    expect(quota.stdout).toMatch(/MESSAGE\s+1\s/);
    expect(await loginReply('old@b.example', PASS.old)).toBe('-ERR [AUTH] Login disabled for this user');
    expect(await loginReply('tb-old', PASS.old)).toBe('-ERR [AUTH] Login disabled for this user');
    expect((await passdb('old@b.example', 'not the password')).code).toBe(77);
  });

  it('refuses wrong passwords over POP3, on a login line and on a nologin line alike', async () => {
    expect(await loginReply('joe@subhost1.example', 'not the password')).toBe('-ERR [AUTH] Authentication failed.');
    expect(await loginReply('ta-joe', 'not the password')).toBe('-ERR [AUTH] Authentication failed.');
  });
});
