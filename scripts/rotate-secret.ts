// `npm run rotate-secret`: a new panel secret. Every sealed column (the mail hosts' SSH keys, the two-factor
// keys) is opened with the old secret and sealed again under the new one in one transaction
// (lib/data/secret-rotation.ts), and every session ends. The old secret is this environment's
// (MAILPANEL_SECRET_KEY, else AUTH_SECRET), or the one `npm start` keeps for the embedded default
// (scripts/lib/auth-secret.ts). The new one is MAILPANEL_NEW_SECRET_KEY, or generated. Stop the panel and its
// workers first: they hold the old secret until restarted with the new one.
import { randomBytes } from 'node:crypto';
import { configuredSecret } from '../lib/crypto/derived-key';
import { redactSecrets } from '../lib/crypto/redact-secrets';
import { disconnectDb } from '../lib/db/client';
import { applyMigrations } from '../lib/db/migrate';
import { RotationError, rotateSealedSecrets } from '../lib/data/secret-rotation';
import { AUTH_SECRET_FILE, readStoredAuthSecret, storeAuthSecret } from './lib/auth-secret';
import { openPanelDatabase } from './lib/panel-database';

/** Where the old secret comes from, and so where the new one must go. */
type Source = 'MAILPANEL_SECRET_KEY' | 'AUTH_SECRET' | 'NEXTAUTH_SECRET' | 'stored';

function oldSecret(): { secret: string; source: Source } | null {
  const fromEnv = configuredSecret();
  if (fromEnv) {
    // The same order as lib/crypto/derived-key.ts: the variable that gave the secret is the one to change.
    const source = process.env.MAILPANEL_SECRET_KEY ? 'MAILPANEL_SECRET_KEY' : process.env.AUTH_SECRET ? 'AUTH_SECRET' : 'NEXTAUTH_SECRET';
    return { secret: fromEnv, source };
  }
  // `npm start` without AUTH_SECRET keeps its generated one in the data directory (with or without DATABASE_URL).
  const stored = readStoredAuthSecret();
  return stored ? { secret: stored, source: 'stored' } : null;
}

async function main(): Promise<number> {
  const old = oldSecret();
  if (!old) {
    console.error('No secret to rotate: set MAILPANEL_SECRET_KEY or AUTH_SECRET to the one the panel runs with.');
    return 2;
  }
  const given = process.env.MAILPANEL_NEW_SECRET_KEY;
  if (given !== undefined && given.length < 32) {
    console.error('MAILPANEL_NEW_SECRET_KEY must be at least 32 characters (e.g. `openssl rand -base64 32`).');
    return 2;
  }
  const next = given ?? randomBytes(32).toString('base64url');
  const database = await openPanelDatabase();
  try {
    process.env.DATABASE_URL = database.url;
    await applyMigrations(database.url);
    const result = await rotateSealedSecrets(old.secret, next);
    console.log(
      `Sealed again under the new secret: ${result.sshKeys} SSH key(s), ${result.totpSecrets} two-factor key(s), in one transaction.`,
    );
    console.log(`${result.sessionsEnded} panel session(s) ended: everyone signs in again.`);
    return tellWhereItGoes(old.source, next, given !== undefined);
  } catch (error) {
    if (!(error instanceof RotationError)) throw error;
    console.error(`rotate-secret: ${error.message}`);
    return 1;
  } finally {
    await disconnectDb();
    await database.release();
  }
}

/**
 * The database now needs the new secret: say where it goes (the value itself only when it was generated
 * here and there is nowhere else to keep it). The exit code: 1 when the stored secret could not be written.
 */
function tellWhereItGoes(source: Source, next: string, given: boolean): number {
  if (source === 'stored') {
    try {
      storeAuthSecret(next);
    } catch (error) {
      // The database is sealed under the new secret already: losing it would lose every sealed key.
      console.error(`Could not write ${AUTH_SECRET_FILE} (${error instanceof Error ? error.message : String(error)}).`);
      console.error(`Put this new secret in it by hand, or the sealed keys cannot be opened: ${next}`);
      return 1;
    }
    console.log(`The new secret is stored in ${AUTH_SECRET_FILE}; restart \`npm start\` to use it.`);
    return 0;
  }
  const value = given ? 'the value of MAILPANEL_NEW_SECRET_KEY' : next;
  console.log(`Now set ${source} to ${value} for the panel and every worker, and restart them.`);
  if (!given) console.log('(That value is shown once; keep it where you keep the rest of the configuration.)');
  if (source === 'MAILPANEL_SECRET_KEY') {
    console.log('AUTH_SECRET signs the session tokens and is unchanged: change it too to refuse every old token.');
  } else {
    console.log(`Session tokens signed with the old ${source} are refused from then on, mailbox sessions too.`);
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    // The message only, redacted: a database error can quote the values of its query (lib/crypto/redact-secrets.ts).
    const message = error instanceof Error ? error.message : String(error);
    console.error('rotate-secret failed:', redactSecrets(message, [configuredSecret(), process.env.MAILPANEL_NEW_SECRET_KEY]));
    process.exit(1);
  },
);
