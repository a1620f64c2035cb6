// "Import what this host has now": the old files read over the mail host's own transport (here the local
// one) under a root directory, then the same dry run as an upload, kept as an import run; operators only.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { NotFoundError } from '../lib/data/errors';
import { previewHostFilesImport } from '../lib/data/host-legacy-files';
import { makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { writeHostFiles } from './support/host-files';
import { redHatHost } from './support/legacy-hosts';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
const root = path.resolve('.data', `host-files-${process.pid}`);
afterAll(() => rm(root, { recursive: true, force: true }));

describe('import what a host has now', () => {
  it('reads the files where a sendmail host keeps them, includes too, and keeps the dry run', async () => {
    const set = redHatHost();
    await writeHostFiles(root, set);
    const admin = await makeStaff('ADMIN');
    const host = await makeHost(admin);
    const customer = unique('From host ');
    const { id, report } = await previewHostFilesImport(admin, host.id, { root, customer: { name: customer, create: true } });
    expect(report).toMatchObject({ dryRun: true, applied: false, conflicts: [], created: { domains: 3, accounts: 6, aliases: 2 } });
    // The include list was read over the transport: the staff alias is created, not kept out.
    expect(report.keptOut.map((k) => k.key)).not.toContain('staff');
    const run = await db().importRun.findUniqueOrThrow({ where: { id } });
    expect(run.status).toBe('PREVIEWED');
    expect(await db().customer.count({ where: { name: customer } })).toBe(0);

    const nothing = previewHostFilesImport(admin, host.id, {
      root: path.join(root, 'nowhere'),
      customer: { name: customer, create: true },
    });
    await expect(nothing).rejects.toThrow(/None of the sendmail files/);
    const reseller = await makeReseller(admin, [host.id]);
    await expect(previewHostFilesImport(reseller.actor, host.id, { root, customer: { name: customer } })).rejects.toThrow(NotFoundError);
  });
});
