import pg from 'pg';

// One publish per mail host at a time, across every worker on every machine: a PostgreSQL session-level
// advisory lock per host, held on a connection of its own for the whole publish. If the worker dies the
// connection drops and PostgreSQL releases the lock; nothing needs cleaning up.
// The two-key form (class, host) lives in a different key space from the one-key locks that
// lib/data/mail-change.ts takes per host around edits, so a publish never blocks an edit.

export interface HostLock {
  /** Fires if the lock's connection is lost mid-publish: the holder must stop (it may no longer hold it). */
  onLost(listener: (error: Error) => void): void;
  release(): Promise<void>;
}

/** The lock, or null at once when another worker holds it (never waits: the job is retried later). */
export async function tryLockHost(mailHostId: string, databaseUrl = process.env.DATABASE_URL): Promise<HostLock | null> {
  if (!databaseUrl) throw new Error('DATABASE_URL is not set.');
  const client = new pg.Client({ connectionString: databaseUrl, application_name: 'mailpanel-publish-lock' });
  const listeners: ((error: Error) => void)[] = [];
  let lost: Error | null = null;
  let released = false;
  client.on('error', (error) => {
    if (released) return;
    lost = error;
    for (const listener of listeners) listener(error);
  });
  await client.connect();
  if (!(await takeLock(client, mailHostId, () => (released = true)))) return null;
  return {
    onLost(listener) {
      if (lost) listener(lost);
      else listeners.push(listener);
    },
    async release() {
      if (released) return;
      released = true;
      // Ending the session releases the lock even if the unlock query cannot run.
      await client.query("SELECT pg_advisory_unlock(hashtext('mailpanel.publish'), hashtext($1))", [mailHostId]).catch(() => {});
      await client.end().catch(() => {});
    },
  };
}

/** Takes the host's lock on `client`, or ends the connection (after `giveUp`) when it is held or fails. */
async function takeLock(client: pg.Client, mailHostId: string, giveUp: () => void): Promise<boolean> {
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      "SELECT pg_try_advisory_lock(hashtext('mailpanel.publish'), hashtext($1)) AS locked",
      [mailHostId],
    );
    if (rows[0]?.locked) return true;
    giveUp();
    await client.end();
    return false;
  } catch (error) {
    giveUp();
    await client.end().catch(() => {});
    throw error;
  }
}
