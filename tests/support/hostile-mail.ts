// The world and the typing of tests/hostile-write-path.test.ts: one customer on a files-only mail host
// (publishes to a local directory, no mail software needed) types seeded hostile values into every mail
// form; what each form's schema made of a saved value is kept, to compare with the database and the files.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '@/lib/auth/actor';
import { db } from '@/lib/db/client';
import { createAccount } from '@/lib/data/accounts';
import { createAlias } from '@/lib/data/aliases';
import { approveDomain } from '@/lib/data/domain-ownership';
import { createDomain } from '@/lib/data/domains';
import { createMailHost } from '@/lib/data/mail-hosts';
import { createVirtmap } from '@/lib/data/virtmaps';
import { hostName } from '@/lib/mail/tenancy';
import type { AliasTarget, SnapshotAutoreply, SnapshotVirtmap } from '@/lib/mail/snapshot';
import { AccountInput } from '@/lib/validation/accounts';
import { AliasInput, VirtmapInput } from '@/lib/validation/mail-objects';
import { DomainInput } from '@/lib/validation/tenants';
import type { FormStep } from '@/lib/web/form-action';
import type { FormState } from '@/lib/web/form-state';
import { makeCustomer, makeDomain, makeReseller, makeStaff, unique } from './factories';
import { typeEdits, typeMailboxForms } from './hostile-edits';
import { submit } from './hostile-forms';
import { gluedHostile, splicedHostile } from './hostile-strings';
import { seededRandom } from './random-snapshot';

const ROOM = { maxDomains: 10_000, maxAccounts: 10_000, maxAliases: 10_000, maxVirtmaps: 10_000, maxQuotaMb: 10_000_000 };
const PASSWORD = 'a good long password';
// Valid values of each field, to splice hostile pieces into: a fair share then stays valid and is saved.
const BASES = {
  domain: ['shop.example', 'sub.example.org', 'bücher.example', 'mail-1.example.net', 'xn--bcher-kva.example'],
  name: ['info', 'sales', 'team', 'office', 'web-master', 'jane.doe', 'sales_2', 'joe'],
  localPart: ['info', 'sales', 'hello', 'webmaster', 'joe+news', 'a.b-c_d'],
  address: ['joe@example.net', 'jane.doe@example.org', 'x+tag@sub.example.org', "o'brien@example.com"],
  target: ['%1@example.org', '%1', 'error:nouser No such user here', 'joe@example.net'],
  text: ['No such user here', 'Gone away, sorry', 'Out of office until Monday'],
};

export async function fuzzMailHost(root: string) {
  const admin = await makeStaff('ADMIN');
  const mapDir = path.join(root, unique('maps'));
  await mkdir(mapDir, { recursive: true });
  const host = await createMailHost(admin, {
    name: unique('mx'),
    flavor: 'SENDMAIL',
    transport: 'LOCAL',
    mapDir,
    sshPort: 22,
    // Files only: the revision is written, read back with the panel's parsers and made current.
    settings: { publishMode: 'files', dovecot: { passwdGroup: 'mailpanel-no-such-group' } },
  });
  const reseller = await makeReseller(admin, [host.id], ROOM);
  const customer = await makeCustomer(reseller.actor, ROOM);
  const domain = await makeDomain(reseller.actor, customer.id, host.id);
  const { mailTag } = await db().customer.findUniqueOrThrow({ where: { id: customer.id }, select: { mailTag: true } });
  /** The customer's name as the mail host knows it (lib/mail/tenancy.ts, hostName). */
  const onHost = (name: string) => hostName(mailTag, name);
  return { admin, host, mapDir, reseller, customer, domain, onHost };
}
export type World = Awaited<ReturnType<typeof fuzzMailHost>>;

/** What was saved, in the form schemas' own terms, and how many values went in and how they fared. */
export interface Typed {
  /** Forms sent, and how they fared; hostile values typed into their fields. */
  tally: { typed: number; refused: number; saved: number; hostile: number };
  /** Saved and refused, form by form. */
  forms: Record<string, { saved: number; refused: number }>;
  /** Every refusal, as the form shows it, with what was typed. */
  refusals: { fields: Record<string, string>; state: FormState }[];
  /** Saves, each one change of the host (its changeSeq). */
  changes: number;
  domains: Set<string>;
  accounts: Map<string, string>;
  passwords: Map<string, string>;
  /** Login addresses set on the account edit form. */
  logins: Map<string, string>;
  aliases: Map<string, AliasTarget[]>;
  virtmaps: SnapshotVirtmap[];
  autoreplies: Map<string, SnapshotAutoreply>;
}

/** Types every kind of hostile value, field by field, as the customer (domains as its reseller). */
export async function typeHostileMail(world: World, seed: number): Promise<Typed> {
  const next = seededRandom(seed);
  const typed: Typed = {
    tally: { typed: 0, refused: 0, saved: 0, hostile: 0 },
    forms: {},
    refusals: [],
    changes: Number((await db().mailHost.findUniqueOrThrow({ where: { id: world.host.id } })).changeSeq),
    domains: new Set([world.domain.name]),
    accounts: new Map(),
    passwords: new Map(),
    logins: new Map(),
    aliases: new Map(),
    virtmaps: [],
    autoreplies: new Map(),
  };
  let n = 0;
  // Each field types valid values of its own (made new: a number added, so that not every save collides
  // with the last) and hostile ones: a valid value with 0-3 pieces spliced in, or pieces glued together.
  const field = (bases: readonly string[], renew = true): Field => {
    const clean = () => {
      const base = bases[Math.floor(next() * bases.length)] ?? '';
      return renew ? renewed(base, (n += 1)) : base;
    };
    const hostile = () => {
      typed.tally.hostile += 1;
      return next() < 0.8 ? splicedHostile(next, [clean()]) : gluedHostile(next);
    };
    return { clean, hostile };
  };
  // A form of several fields gets one hostile field (sometimes more) and valid values in the others, so
  // that what is saved is saved because of the hostile value, not in spite of the others.
  const fill = (...fields: Field[]) => {
    const chosen = Math.floor(next() * fields.length);
    return fields.map((f, i) => (i === chosen || next() < 0.4 ? f.hostile() : f.clean()));
  };
  const type = typist(typed);
  await typeDomains(world, typed, type, field(BASES.domain).hostile);
  await typeAccounts(world, typed, type, field(BASES.name).hostile, next);
  const names = [...typed.accounts.keys()].slice(0, 30);
  const [ownTarget, outside] = [field(names, false), field(BASES.address)];
  const target = {
    clean: () => (next() < 0.5 ? ownTarget : outside).clean(),
    hostile: () => (next() < 0.5 ? ownTarget : outside).hostile(),
  };
  const name = field(BASES.name);
  await typeAliases(world, typed, type, () => fill(name, target, target));
  const local = field(BASES.localPart);
  const deliver = field([...names, ...BASES.target], false);
  const text = field(BASES.text, false);
  const virtmap = { deliver: () => fill(local, deliver, deliver, name), reject: () => fill(local, text) };
  await typeVirtmaps(world, typed, type, virtmap, next);
  const address = field(BASES.address);
  await typeMailboxForms(world, typed, type, { forward: () => fill(address, address), autoreply: () => fill(text, text, text) }, next);
  await typeEdits(world, typed, type, { password: field(['correct horse battery', 'Tr0ub4dor&3 plus:x'], false), target }, next);
  return typed;
}

/** `joe` → `joe7`, `shop.example` → `shop7.example`, `joe@example.net` → `joe7@example.net`. */
function renewed(base: string, n: number): string {
  const at = base.search(/[@.]/);
  return at < 0 ? `${base}${n}` : `${base.slice(0, at)}${n}${base.slice(at)}`;
}

export type Type = <I, R>(form: string, actor: Actor, step: FormStep<I, R>, fields: Record<string, string>) => Promise<boolean>;

function typist(typed: Typed): Type {
  return async (form, actor, step, fields) => {
    typed.tally.typed += 1;
    const outcome = await submit(actor, step, fields);
    if (!outcome.saved) typed.refusals.push({ fields, state: outcome.state });
    const result = outcome.saved ? 'saved' : 'refused';
    typed.tally[result] += 1;
    (typed.forms[form] ??= { saved: 0, refused: 0 })[result] += 1;
    if (outcome.saved) typed.changes += 1;
    return outcome.saved;
  };
}

async function typeDomains(world: World, typed: Typed, type: Type, any: Typing) {
  const step: FormStep<DomainInput, unknown> = { schema: DomainInput, run: createDomain, done: () => ({}) };
  for (let i = 0; i < 300; i++) {
    const fields = { name: any(), customerId: world.customer.id, mailHostId: world.host.id };
    if (!(await type('domain', world.reseller.actor, step, fields))) continue;
    const name = DomainInput.parse(fields).name;
    const row = await db().domain.findFirstOrThrow({ where: { name }, select: { id: true } });
    await approveDomain(world.admin, row.id); // a domain takes mail once its ownership is proven
    typed.changes += 1;
    typed.domains.add(name);
  }
}

async function typeAccounts(world: World, typed: Typed, type: Type, any: Typing, next: () => number) {
  const step: FormStep<AccountInput, unknown> = { schema: AccountInput, run: createAccount, done: () => ({}) };
  const account = (name: string, password: string) => ({
    name,
    password,
    quotaMb: '10',
    mailHostId: world.host.id,
    addressDomainId: world.domain.id,
  });
  const saved = (fields: ReturnType<typeof account>) => {
    const name = AccountInput.parse(fields).name;
    typed.accounts.set(name, fields.password);
    typed.virtmaps.push({ domain: world.domain.name, localPart: name, target: { kind: 'local', name } });
    return name;
  };
  for (let i = 0; i < 120; i++) {
    const fields = account(any(), PASSWORD);
    if (await type('account', world.customer.actor, step, fields)) saved(fields);
  }
  // Passwords reach only the passwd-file, as a hash: typed ones must open their own mailbox, nothing else.
  for (let i = 0; i < 25; i++) {
    const fields = account(`pw${i}`, splicedHostile(next, ['correct horse battery', 'Tr0ub4dor&3 plus:x']));
    if (await type('password', world.customer.actor, step, fields)) typed.passwords.set(saved(fields), fields.password);
  }
}

type Typing = () => string;
/** How one field is typed: a valid value, or a hostile one. */
export interface Field {
  clean: Typing;
  hostile: Typing;
}
/** Values for the fields of a form, at least one of them hostile. */
export type Filling = () => string[];

async function typeAliases(world: World, typed: Typed, type: Type, fill: Filling) {
  const step: FormStep<AliasInput, unknown> = { schema: AliasInput, run: createAlias, done: () => ({}) };
  for (let i = 0; i < 350; i++) {
    const [name = '', ...targets] = fill();
    const fields = { name, targets: targets.join('\n'), mailHostId: world.host.id };
    if (!(await type('alias', world.customer.actor, step, fields))) continue;
    const input = AliasInput.parse(fields);
    typed.aliases.set(input.name, input.targets);
  }
}

async function typeVirtmaps(world: World, typed: Typed, type: Type, fill: Record<'deliver' | 'reject', Filling>, next: () => number) {
  // The domain's id is bound on the server (app/(panel)/domains/[id]/virtmap-actions.ts), never a field.
  const parse = (values: Record<string, unknown>) => VirtmapInput.safeParse({ ...values, domainId: world.domain.id });
  const step: FormStep<VirtmapInput, unknown> = { parse, run: createVirtmap, done: () => ({}) };
  for (let i = 0; i < 400; i++) {
    const reject = next() < 0.3;
    const several = !reject && next() < 0.2;
    const [localPart = '', first = '', second = '', aliasName = ''] = fill[reject ? 'reject' : 'deliver']();
    const fields: Record<string, string> = reject
      ? { localPart, action: 'reject', rejectCode: ['nouser', 'unknown', 'tempfail'][i % 3] ?? '', rejectText: first }
      : { localPart, action: 'deliver', target: several ? `${first}\n${second}` : first, aliasName };
    if (!(await type(reject ? 'virtmap reject' : 'virtmap', world.customer.actor, step, fields))) continue;
    const input = VirtmapInput.parse({ ...fields, domainId: world.domain.id });
    typed.virtmaps.push({ domain: world.domain.name, localPart: input.localPart, target: input.target });
    if (input.aliasName && input.aliasTargets) typed.aliases.set(input.aliasName, input.aliasTargets);
  }
}
