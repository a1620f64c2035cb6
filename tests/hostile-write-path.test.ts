// Issue 13: hostile values typed into every field that reaches a map, a Sieve script or the passwd-file,
// through the forms end to end (FormData → the action adapter and its zod schema → the data layer on a
// real PostgreSQL → one publish to a real map directory) and read back with the panel's own parsers.
// Each value is refused with words a user can act on and changes nothing, or it is saved as exactly what
// the form's schema made of it; and the published files hold exactly the saved routing: no extra line,
// key or target, no program or :include: target, no comment, no second Sieve command.
// (tests/support/hostile-forms.ts says why the forms run through runFormAction rather than app/'s actions.)
import { readdir, readFile, readlink, rm } from 'node:fs/promises';
import path from 'node:path';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Field } from '../components/ui/field';
import { FormMessage } from '../components/ui/form-message';
import { verifyMailboxPassword } from '../lib/auth/mailbox-password';
import { db } from '../lib/db/client';
import { readHostSnapshot } from '../lib/data/snapshots';
import { hostView } from '../lib/mail/tenancy';
import { parseDovecotPasswd } from '../lib/mailmaps/dovecot';
import { renderPostfix } from '../lib/mailmaps/postfix';
import { parsePostfix, postfixRoutingView } from '../lib/mailmaps/postfix-parse';
import { parseSendmail, sendmailView } from '../lib/mailmaps/sendmail-parse';
import type { SendmailFiles } from '../lib/mailmaps/sendmail';
import { renderAutoreplyScripts } from '../lib/mailmaps/sieve-files';
import { publishHost } from '../lib/sync/run-publish';
import { fuzzMailHost, typeHostileMail, type Typed } from './support/hostile-mail';
import { expectInertMarkup } from './support/markup-check';
import { withPanelDatabase } from './support/panel-db';

withPanelDatabase();
const ROOT = path.resolve('.data/hostile-tests', String(process.pid));
afterAll(() => rm(ROOT, { recursive: true, force: true }));

let world: Awaited<ReturnType<typeof fuzzMailHost>>;
let typed: Typed;
let files: Record<string, string>;

beforeAll(async () => {
  world = await fuzzMailHost(ROOT);
  typed = await typeHostileMail(world, 20261205);
  const outcome = await publishHost(world.host.id, 'manual');
  expect(outcome).toMatchObject({ status: 'succeeded', revision: 1 });
  const live = path.join(world.mapDir, await readlink(path.join(world.mapDir, 'current')));
  files = {};
  for (const name of await readdir(live)) if (!name.startsWith('.')) files[name] = await readFile(path.join(live, name), 'utf8');
}, 240_000);

/** Targets in one order, to compare sets of them. */
const sorted = <T>(list: T[]) => [...list].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('hostile values typed into the mail forms', () => {
  it('were typed in their thousands, and both refused and saved in earnest', () => {
    console.info('hostile values by form:', JSON.stringify(typed.tally), JSON.stringify(typed.forms));
    expect(typed.tally.typed).toBeGreaterThan(1_700);
    expect(typed.tally.hostile).toBeGreaterThan(2_500);
    expect(typed.tally.refused).toBeGreaterThan(1_000);
    expect(typed.tally.saved).toBeGreaterThan(300);
    for (const [form, { saved, refused }] of Object.entries(typed.forms)) {
      expect(saved, form).toBeGreaterThan(5);
      expect(refused, form).toBeGreaterThan(5);
    }
  });

  it('saved exactly what the forms accepted, and the refused ones changed nothing', async () => {
    const snapshot = await readHostSnapshot(world.host.id);
    expect([...snapshot.domains].sort()).toEqual([...typed.domains].sort());
    expect(snapshot.accounts.map((a) => a.name).sort()).toEqual([...typed.accounts.keys()].sort());
    for (const [name, login] of typed.logins) expect(snapshot.accounts.find((a) => a.name === name)?.login, name).toBe(login);
    const aliases = Object.fromEntries(snapshot.aliases.map((a) => [a.name, sorted(a.targets)]));
    expect(aliases).toEqual(Object.fromEntries([...typed.aliases].map(([name, targets]) => [name, sorted(targets)])));
    expect(sorted(snapshot.virtmaps.map(({ domain, localPart, target }) => ({ domain, localPart, target })))).toEqual(
      sorted(typed.virtmaps),
    );
    const autoreplies = snapshot.accounts.filter((a) => a.autoreply).map((a) => [a.name, a.autoreply]);
    expect(Object.fromEntries(autoreplies)).toEqual(Object.fromEntries(typed.autoreplies));
    // One change per save, none for a refusal: the host's change counter counts the saves.
    const host = await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } });
    expect(host.changeSeq).toBe(BigInt(typed.changes));
  });

  it('published maps that read back as exactly the saved routing', async () => {
    const snapshot = await readHostSnapshot(world.host.id);
    const maps = parseSendmail(files as unknown as SendmailFiles); // throws on a program, file or :include: target
    expect(maps).toEqual(sendmailView(snapshot));
    // The same saved data as a Postfix host would get it (this host is sendmail; the renderer is pure).
    expect(parsePostfix(renderPostfix(snapshot))).toEqual(postfixRoutingView(snapshot));
    const everyTarget = [
      ...maps.aliases.flatMap((a) => a.targets.map((t) => (t.kind === 'external' ? t.address : t.kind === 'discard' ? 'discard' : t.name))),
      ...maps.virtmaps.map((v) => JSON.stringify(v.target)),
    ];
    for (const t of everyTarget) expect(t).not.toMatch(/^[|/]|:include:|[\r\n\0]/i);
    // Every line of a map is one entry, a comment the panel wrote, or blank: nothing typed made another.
    const entries = maps.virtmaps.length;
    const lines = files.virtusertable?.split('\n').filter((l) => l !== '' && !l.startsWith('#')) ?? [];
    expect(lines).toHaveLength(entries);
  });

  it('published a passwd-file with one line per login, each hash the one saved', async () => {
    const view = hostView(await readHostSnapshot(world.host.id));
    const entries = parseDovecotPasswd(files['dovecot-passwd'] ?? '');
    // An account logs in by its name on the host, its login address and its old bare login: nothing else.
    const logins = new Map(
      view.accounts.flatMap((a) => [a.name, a.login, a.legacyLogin].flatMap((login) => (login ? [[login, a.passwordHash] as const] : []))),
    );
    for (const e of entries) expect(e.passwordHash, e.name).toBe(logins.get(e.name));
    for (const a of view.accounts)
      expect(
        entries.filter((e) => e.name === a.name),
        a.name,
      ).toHaveLength(1);
    // The hostile passwords that were accepted open exactly their own mailbox.
    for (const [name, plain] of typed.passwords) {
      const line = entries.find((e) => e.name === world.onHost(name));
      expect(line, name).toBeDefined();
      expect(await verifyMailboxPassword(line?.passwordHash ?? '', plain), name).toBe(true);
    }
  });

  it('published one Sieve script per autoreply, its subject and text only ever inside a string', async () => {
    const snapshot = await readHostSnapshot(world.host.id);
    const sieve = Object.keys(files).filter((n) => n.endsWith('.sieve'));
    expect(sieve).toHaveLength(typed.autoreplies.size);
    // The script with every string emptied is the script of a harmless autoreply with its strings emptied:
    // nothing typed escaped its quotes to add a command, a line or a comment.
    const harmless = renderAutoreplyScripts({
      ...snapshot,
      accounts: snapshot.accounts.map((a) => (a.autoreply ? { ...a, autoreply: { ...a.autoreply, subject: 's', text: 't' } } : a)),
    });
    for (const name of sieve) {
      expect(skeleton(files[name] ?? ''), name).toBe(skeleton(harmless[name] ?? ''));
      const strings = sieveStrings(files[name] ?? '');
      const account = snapshot.accounts.find((a) => name === `${world.onHost(a.name)}.sieve`);
      expect(strings, name).toEqual(expect.arrayContaining([account?.autoreply?.subject, account?.autoreply?.text.replace(/\n/g, '\r\n')]));
    }
  });
});

describe('the answers to refused values', () => {
  it('render inert: the form message and each field with its errors and what was typed', () => {
    expect(typed.refusals.length).toBe(typed.tally.refused);
    for (const { fields, state } of typed.refusals) {
      expectInertMarkup(renderToStaticMarkup(createElement(FormMessage, { state })), JSON.stringify(fields));
      for (const [name, errors] of Object.entries(state.fieldErrors ?? {})) {
        const field = createElement(Field, { name, label: name, errors, defaultValue: state.values?.[name] ?? '' });
        expectInertMarkup(renderToStaticMarkup(field), JSON.stringify(fields));
      }
    }
  });
});

const STRING = /"(?:[^"\\]|\\.)*"/gs;

function skeleton(script: string): string {
  return script.replace(STRING, '""');
}

/** The quoted strings of a script as Sieve reads them (RFC 5228 2.4.2: `\` escapes the next character). */
function sieveStrings(script: string): string[] {
  return [...script.matchAll(STRING)].map((m) => m[0].slice(1, -1).replace(/\\(.)/gs, '$1'));
}
