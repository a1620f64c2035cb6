// `npm run mailpanel -- import sendmail …` as a real command against a real database: the documented options,
// the JSON report, the exit codes (0 done, 5 conflicts found, 2 usage, 4 not allowed), and what a reviewer
// does next — render the imported host's sendmail and Dovecot files.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { db } from '../lib/db/client';
import { makeHost, makeReseller, makeStaff, unique } from './support/factories';
import { redHatHost } from './support/legacy-hosts';
import { withPanelDatabase } from './support/panel-db';
import { mailpanelCommand } from './support/run-cli';

const database = withPanelDatabase();
const dir = path.resolve('.data', `import-cli-${process.pid}`);
const from = path.join(dir, 'old-host');
const root = path.join(dir, 'root');
let admin: string;
let reseller: string;

const mailpanel = mailpanelCommand(() => database.current.url);

beforeAll(async () => {
  admin = (await makeStaff('ADMIN')).label;
  const staff = await makeStaff('ADMIN');
  const host = await makeHost(staff);
  reseller = (await makeReseller(staff, [host.id])).email;
  const set = redHatHost();
  await mkdir(from, { recursive: true });
  for (const [name, text] of Object.entries(set.files)) await writeFile(path.join(from, name), text);
  // The include list where --root puts "/etc/mail/lists/staff".
  for (const [file, text] of Object.entries(set.includes)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true });
    await writeFile(path.join(root, file), text);
  }
  return () => rm(dir, { recursive: true, force: true });
});

describe('mailpanel import sendmail', { timeout: 240_000 }, () => {
  it('dry-runs, imports into a new host and customer, refuses a second import, and renders the result', async () => {
    const host = unique('oldshop');
    const customer = unique('Shop ');
    const report = path.join(dir, 'dry.json');
    const args = ['import', 'sendmail', '--as', admin, '--host', host, '--new-host', '--customer', customer, '--new-customer'];
    const dry = await mailpanel(...args, '--from', from, '--root', root, '--dry-run', '--report', report);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run: would import into ${host}: 3 domains, 6 accounts, 2 aliases`);
    const json = JSON.parse(await readFile(report, 'utf8')) as { keptOut: unknown[]; created: { domains: number } };
    expect(json.created.domains).toBe(3);
    // Every kept-out line as documented: {file, line, lineEnd, key, reason}.
    expect(json.keptOut).toContainEqual({
      file: 'sendmail.cw',
      line: 2,
      lineEnd: 2,
      key: 'www.shop.example.',
      reason: expect.stringMatching(/trailing dot/) as unknown,
    });
    expect(json.keptOut).toContainEqual(
      expect.objectContaining({ file: 'passwd', key: 'root', reason: expect.stringMatching(/System account/) as unknown }),
    );
    expect(await db().mailHost.count({ where: { name: host } })).toBe(0);

    const done = await mailpanel(...args, '--from', from, '--root', root);
    expect(done.code).toBe(0);
    expect(done.stdout).toContain(`Imported into ${host}`);
    const created = await db().customer.findFirstOrThrow({ where: { name: customer }, select: { reseller: { select: { name: true } } } });
    expect(created.reseller.name).toBe('imported');
    // The include list was read under --root: the alias holds its members.
    const staff = await db().alias.findFirstOrThrow({
      where: { name: 'staff', mailHost: { name: host } },
      select: { targets: { select: { value: true } } },
    });
    expect(staff.targets.map((t) => t.value).sort()).toEqual(['alice', 'bert', 'carla']);

    const again = await mailpanel(
      'import',
      'sendmail',
      '--as',
      admin,
      '--host',
      host,
      '--customer',
      customer,
      '--from',
      from,
      '--root',
      root,
      '--dry-run',
    );
    expect(again.code).toBe(5);
    expect(again.stdout).toContain('This domain is on the panel already.');

    const maps = path.join(dir, 'maps');
    expect((await mailpanel('render', '--flavor', 'sendmail', '--out', maps, '--as', admin, '--host', host)).code).toBe(0);
    const tag = (await db().customer.findFirstOrThrow({ where: { name: customer }, select: { mailTag: true } })).mailTag;
    expect(await readFile(path.join(maps, 'virtusertable'), 'utf8')).toContain(`orders@shop.example\t${tag}-staff\n`);
    expect((await mailpanel('render', '--flavor', 'dovecot', '--out', maps, '--as', admin, '--host', host)).code).toBe(0);
    // alice kept her MD5-crypt hash and her bare-name login.
    expect(await readFile(path.join(maps, 'dovecot-passwd'), 'utf8')).toMatch(/^alice:\{MD5-CRYPT\}\$1\$/m);
  });

  it('answers misuse with its exit codes: 2 usage, 4 not allowed', async () => {
    expect((await mailpanel('import', 'sendmail', '--as', admin, '--host', 'x', '--customer', 'y')).code).toBe(2);
    expect((await mailpanel('import', 'postfix', '--as', admin, '--host', 'x', '--customer', 'y', '--from', from)).code).toBe(2);
    expect(
      (await mailpanel('import', 'sendmail', '--as', admin, '--host', 'x', '--customer', 'y', '--from', path.join(dir, 'nothing'))).code,
    ).toBe(2);
    // A reseller creates no mail host, and sees no host it is not assigned.
    const denied = await mailpanel(
      'import',
      'sendmail',
      '--as',
      reseller,
      '--host',
      unique('h'),
      '--new-host',
      '--customer',
      'y',
      '--new-customer',
      '--from',
      from,
    );
    expect(denied.code).toBe(4);
  });
});
