// `npm run rotate-secret` on a real Postgres: the sealed SSH key and TOTP key open with the new secret and
// not the old; one value the old secret cannot open stops it with nothing changed; and what it prints
// holds neither the sealed secrets nor the panel secrets.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { newTotpKey } from '../lib/auth/totp';
import { seal, SecretBoxError, sshKeyContext, unseal } from '../lib/crypto/secret-box';
import { generateSshIdentity } from '../lib/crypto/ssh-identity';
import { db } from '../lib/db/client';
import { totpKeyContext } from '../lib/data/two-factor';
import { verifyLogin } from '../lib/data/sessions';
import { makeHost, makeStaff, PASSWORD } from './support/factories';
import { withPanelDatabase } from './support/panel-db';

const run = promisify(execFile);
const database = withPanelDatabase();
const OLD = 'the old panel secret, long enough to be real';
const NEW = 'the new panel secret, also long enough to be real';

async function rotateSecret(overrides: Record<string, string | undefined> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: database.current.url,
    AUTH_SECRET: OLD,
    MAILPANEL_NEW_SECRET_KEY: NEW,
    ...overrides,
  };
  delete env.MAILPANEL_SECRET_KEY;
  delete env.NEXTAUTH_SECRET;
  for (const [name, value] of Object.entries(overrides)) if (value === undefined) delete env[name];
  const cli = path.resolve('node_modules/tsx/dist/cli.mjs');
  return run(process.execPath, [cli, 'scripts/rotate-secret.ts'], { env, timeout: 60_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, output: error.stdout + error.stderr }),
  );
}

/** A mail host with an SSH key and a login with a TOTP key, both sealed under `secret`; their plain values. */
async function sealedWorld(secret: string) {
  // One database per file: the other test's rows are sealed under another secret.
  await db().mailHost.updateMany({ data: { sshPrivateKey: null } });
  await db().user.updateMany({ data: { totpSecret: null } });
  const admin = await makeStaff('ADMIN');
  if (!('userId' in admin)) throw new Error('staff without a user id');
  const host = await makeHost(admin);
  const sshKey = generateSshIdentity(host.name).privateKey;
  const totp = newTotpKey();
  await db().mailHost.update({ where: { id: host.id }, data: { sshPrivateKey: seal(sshKey, sshKeyContext(host.id), secret) } });
  await db().user.update({ where: { id: admin.userId }, data: { totpSecret: seal(totp, totpKeyContext(admin.userId), secret) } });
  return { hostId: host.id, userId: admin.userId, email: admin.label, sshKey, totp };
}

async function sealedValues(w: { hostId: string; userId: string }) {
  const host = await db().mailHost.findUniqueOrThrow({ where: { id: w.hostId }, select: { sshPrivateKey: true } });
  const user = await db().user.findUniqueOrThrow({ where: { id: w.userId }, select: { totpSecret: true } });
  return { ssh: host.sshPrivateKey ?? '', totp: user.totpSecret ?? '' };
}

it('re-seals every sealed column under the new secret, ends the sessions, and prints no secret', { timeout: 120_000 }, async () => {
  const world = await sealedWorld(OLD);
  const signedIn = await verifyLogin(world.email, PASSWORD, 'test-client');
  expect(signedIn.ok).toBe(true);

  const rotated = await rotateSecret();
  expect(rotated.code).toBe(0);
  expect(rotated.output).toMatch(/1 SSH key\(s\), 1 two-factor key\(s\)/);
  expect(rotated.output).toContain('Now set AUTH_SECRET to the value of MAILPANEL_NEW_SECRET_KEY');
  for (const secret of [world.sshKey, world.totp, OLD, NEW]) expect(rotated.output).not.toContain(secret);

  const now = await sealedValues(world);
  expect(unseal(now.ssh, sshKeyContext(world.hostId), NEW)).toBe(world.sshKey);
  expect(unseal(now.totp, totpKeyContext(world.userId), NEW)).toBe(world.totp);
  expect(() => unseal(now.ssh, sshKeyContext(world.hostId), OLD)).toThrow(SecretBoxError);
  expect(() => unseal(now.totp, totpKeyContext(world.userId), OLD)).toThrow(SecretBoxError);

  expect(await db().userSession.count({ where: { endedAt: null } })).toBe(0);
  const audit = await db().auditEvent.findFirstOrThrow({ where: { action: 'secret.rotate' } });
  expect(audit.details).toEqual({ sshKeys: 1, totpSecrets: 1, sessionsEnded: 1 });
});

it('stops at a value the old secret cannot open, and changes nothing', { timeout: 120_000 }, async () => {
  const stray = await sealedWorld('some other secret entirely, long as well');
  const good = await sealedWorld(OLD);
  await db().mailHost.update({
    where: { id: stray.hostId },
    data: { sshPrivateKey: seal(stray.sshKey, sshKeyContext(stray.hostId), 'x'.repeat(40)) },
  });
  await db().user.update({
    where: { id: stray.userId },
    data: { totpSecret: seal(stray.totp, totpKeyContext(stray.userId), 'x'.repeat(40)) },
  });
  await verifyLogin(good.email, PASSWORD, 'test-client');
  const before = [await sealedValues(good), await sealedValues(stray)];
  const auditBefore = await db().auditEvent.count();

  const refused = await rotateSecret();
  expect(refused.code).toBe(1);
  expect(refused.output).toContain('cannot be opened with the current secret, so nothing was changed');
  expect(refused.output).toMatch(new RegExp(`${stray.hostId}|${stray.userId}`));
  for (const secret of [good.sshKey, good.totp, stray.sshKey, stray.totp, OLD, NEW]) expect(refused.output).not.toContain(secret);

  expect([await sealedValues(good), await sealedValues(stray)]).toEqual(before);
  expect(await db().userSession.count({ where: { endedAt: null } })).toBe(1);
  expect(await db().auditEvent.count()).toBe(auditBefore);
});

it('replaces the secret `npm start` keeps when the environment gives none, without printing it', { timeout: 120_000 }, async () => {
  const world = await sealedWorld(OLD);
  const data = mkdtempSync(path.join(os.tmpdir(), 'mailpanel-rotate-'));
  writeFileSync(path.join(data, 'auth-secret'), `${OLD}\n`, { mode: 0o600 });

  const rotated = await rotateSecret({ MAILPANEL_DATA: data, AUTH_SECRET: undefined, MAILPANEL_NEW_SECRET_KEY: undefined });
  expect(rotated.code).toBe(0);
  expect(rotated.output).toContain('The new secret is stored in');
  const stored = readFileSync(path.join(data, 'auth-secret'), 'utf8').trim();
  expect(stored).not.toBe(OLD);
  expect(stored.length).toBeGreaterThanOrEqual(32);
  for (const secret of [world.sshKey, world.totp, OLD, stored]) expect(rotated.output).not.toContain(secret);
  const now = await sealedValues(world);
  expect(unseal(now.ssh, sshKeyContext(world.hostId), stored)).toBe(world.sshKey);
  expect(unseal(now.totp, totpKeyContext(world.userId), stored)).toBe(world.totp);
});
