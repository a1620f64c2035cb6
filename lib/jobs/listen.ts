import pg from 'pg';

// LISTEN mailpanel_host_changed (sent on commit by the trigger in the sync_worker migration) on a
// connection of its own, reconnecting with a growing pause when it drops. Notifications sent while it is
// down are lost, which is fine: they only speed things up, the worker's sweep finds every change anyway.

export const CHANNEL = 'mailpanel_host_changed';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export interface ChangeListener {
  close(): Promise<void>;
}

export async function listenForChanges(
  databaseUrl: string,
  log: (line: string) => void,
  onChange: (mailHostId: string) => void,
): Promise<ChangeListener> {
  let client: pg.Client | null = null;
  let closed = false;
  let retryMs = 500;
  let timer: NodeJS.Timeout | null = null;

  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: databaseUrl, application_name: 'mailpanel-listen' });
    c.on('notification', (message) => {
      if (message.channel === CHANNEL && message.payload && UUID.test(message.payload)) onChange(message.payload);
    });
    c.on('error', (error) => {
      if (closed) return;
      log(`change listener lost its connection (${error.message}); reconnecting`);
      void c.end().catch(() => {});
      schedule();
    });
    await c.connect();
    await c.query(`LISTEN ${CHANNEL}`);
    client = c;
    retryMs = 500;
  };

  const schedule = () => {
    client = null;
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect().catch((error: Error) => {
        log(`change listener cannot connect (${error.message}); next try in ${retryMs} ms`);
        retryMs = Math.min(retryMs * 2, 30_000);
        schedule();
      });
    }, retryMs);
  };

  await connect();
  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await client?.end().catch(() => {});
    },
  };
}
