// `npm run create-admin -- --email you@example.com [--password …]`: the first operator login on a
// database that has none. Without --password a strong one is generated and printed once.
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword } from '../lib/auth/password';
import { OPERATORS_SCOPE } from '../lib/auth/login-scope';
import { db, disconnectDb } from '../lib/db/client';
import { applyMigrations } from '../lib/db/migrate';
import { email, newPassword } from '../lib/validation/fields';
import { openPanelDatabase } from './lib/panel-database';

const Args = z.object({ email, password: newPassword.optional() });

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { email: { type: 'string' }, password: { type: 'string' } } });
  const parsed = Args.safeParse(values);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) console.error(`--${String(issue.path[0])}: ${issue.message}`);
    console.error('usage: npm run create-admin -- --email you@example.com [--password "at least 12 characters"]');
    return 2;
  }
  const database = await openPanelDatabase();
  try {
    process.env.DATABASE_URL = database.url;
    await applyMigrations(database.url);
    const admins = await db().user.count({ where: { role: 'ADMIN' } });
    if (admins > 0) {
      console.error('This database has an administrator already; sign in as one to add others.');
      return 1;
    }
    const password = parsed.data.password ?? randomBytes(12).toString('base64url');
    await db().$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          email: parsed.data.email,
          loginScope: OPERATORS_SCOPE,
          name: 'Administrator',
          role: 'ADMIN',
          passwordHash: await hashPassword(password),
        },
      });
      await tx.auditEvent.create({
        data: {
          actorLabel: 'create-admin (command line)',
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          details: { email: user.email, role: 'ADMIN' },
        },
      });
    });
    console.log(`Created administrator ${parsed.data.email}.`);
    if (!parsed.data.password) console.log(`Password (shown once): ${password}`);
    return 0;
  } finally {
    await disconnectDb();
    await database.release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('create-admin failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
