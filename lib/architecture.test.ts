// The house rule that keeps the mail core testable as plain functions: lib/mail and lib/mailmaps import
// no framework, no database and no I/O (STYLE.md, "the shape of the house"). A forbidden import in a
// pure folder fails here with the file and the import named.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PURE = ['lib/mail', 'lib/mailmaps'];
const FORBIDDEN = [
  /^next(\/|$)/,
  /^react(-dom)?(\/|$)/,
  /generated\/prisma/,
  /^@prisma\//,
  /^pg$/,
  /^(node:)?(fs|net|child_process|http|https|dgram|tls)(\/|$)/,
  /\/data\//,
  /\/db\//,
];

function sources(dir: string): string[] {
  let found: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found = found.concat(sources(full));
    else if (/\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry)) found.push(full);
  }
  return found;
}

describe('pure folders', () => {
  const files = PURE.flatMap((dir) => {
    try {
      return sources(dir);
    } catch {
      return [];
    }
  });

  it('exist and hold code', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports nothing impure', (file) => {
    const imports = [
      ...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g),
    ].map((m) => m[1] ?? m[2] ?? '');
    const bad = imports.filter((spec) => FORBIDDEN.some((rule) => rule.test(spec)));
    expect(bad, `${file} imports ${bad.join(', ')}`).toEqual([]);
  });
});

// ─── The layers (docs/architecture.md): which folder may import which ──────────────────────────────
// A folder imports only itself and the folders in its row; every import of the code (tests and scripts
// aside) is checked, relative and "@/" alike. The rows form no cycle, so the layers hold.

export const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  'lib/mail': [],
  'lib/mailmaps': ['lib/mail'],
  'lib/crypto': [],
  'lib/validation': ['lib/mail'],
  'lib/auth': ['lib/mail'],
  'lib/generated': [],
  'lib/db': ['lib/generated'],
  // How a host is reached (local or SSH): the publisher, and the data layer asking a host (mailbox usage).
  'lib/transport': ['lib/crypto', 'lib/validation'],
  'lib/data': ['lib/auth', 'lib/crypto', 'lib/db', 'lib/generated', 'lib/mail', 'lib/mailmaps', 'lib/transport', 'lib/validation'],
  'lib/sync': ['lib/crypto', 'lib/data', 'lib/db', 'lib/mail', 'lib/mailmaps', 'lib/transport', 'lib/validation'],
  'lib/jobs': ['lib/auth', 'lib/data', 'lib/db', 'lib/sync', 'lib/validation'],
  'lib/session': ['lib/auth', 'lib/data', 'lib/validation'],
  'lib/web': ['lib/auth', 'lib/crypto', 'lib/data', 'lib/generated', 'lib/mail', 'lib/session', 'lib/validation'],
  'components/ui': ['lib/web'],
  'components/mail': ['components/ui', 'lib/web'],
  'components/tenants': ['components/ui', 'lib/web'],
  'components/support': ['components/ui', 'lib/web'],
  'components/dashboard': ['components/ui', 'lib/web'],
  // Two-factor sign-in's forms (the code step, enrolment), on the sign-in pages and "My account".
  'components/auth': ['components/ui', 'lib/web'],
  // The forward and autoreply forms, shared by /postoffice and the panel's account page.
  'components/mailbox': ['components/mail', 'components/ui', 'lib/web'],
  'components/panel': ['components/ui', 'lib/auth', 'lib/session', 'lib/web'],
  // The run page's diff view uses the sync job's own line diff (pure text), to show what it published.
  'components/sync': ['components/ui', 'lib/auth', 'lib/data', 'lib/session', 'lib/sync', 'lib/web'],
  // Resetting a customer's or reseller's login: a form the customer and reseller pages include.
  'components/logins': ['components/sync', 'components/ui', 'lib/data', 'lib/session', 'lib/web'],
  app: [
    'components/auth',
    'components/dashboard',
    'components/logins',
    'components/mail',
    'components/mailbox',
    'components/panel',
    'components/sync',
    'components/support',
    'components/tenants',
    'components/ui',
    'lib/auth',
    'lib/crypto',
    'lib/data',
    'lib/jobs',
    'lib/mail',
    'lib/session',
    'lib/validation',
    'lib/web',
  ],
};

function folderOf(file: string): string {
  const parts = file.split(path.sep);
  if (parts[0] === 'app') return 'app';
  return parts.slice(0, 2).join('/');
}

function importsOf(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? '',
  );
}

function targetFolder(file: string, spec: string): string | null {
  if (spec.startsWith('@/')) return folderOf(path.normalize(spec.slice(2)));
  if (spec.startsWith('.')) return folderOf(path.normalize(path.join(path.dirname(file), spec)));
  return null; // a package
}

describe('the layers', () => {
  const roots = ['lib', 'components', 'app'];
  const files = roots.flatMap((dir) => sources(dir)).filter((f) => !f.startsWith(path.join('lib', 'generated')));

  it('have a row for every folder, and the rows make no cycle', () => {
    const folders = [...new Set(files.map(folderOf))];
    expect(folders.filter((f) => !(f in ALLOWED))).toEqual([]);
    const visiting = new Set<string>();
    const done = new Set<string>();
    const cycle = (f: string, trail: string[]): string[] | null => {
      if (done.has(f)) return null;
      if (visiting.has(f)) return [...trail, f];
      visiting.add(f);
      for (const next of ALLOWED[f] ?? []) {
        const found = cycle(next, [...trail, f]);
        if (found) return found;
      }
      visiting.delete(f);
      done.add(f);
      return null;
    };
    for (const f of Object.keys(ALLOWED)) expect(cycle(f, []), `a cycle through ${f}`).toBeNull();
  });

  it.each(files)('%s imports only what its layer allows', (file) => {
    const from = folderOf(file);
    const allowed = new Set([from, ...(ALLOWED[from] ?? [])]);
    const bad = importsOf(file).filter((spec) => {
      const to = targetFolder(file, spec);
      return to !== null && !allowed.has(to);
    });
    expect(bad, `${file} (${from}) imports ${bad.join(', ')}`).toEqual([]);
  });
});

// Server actions are adapters (STYLE.md): a form's action says which schema, which data function and what
// follows success, and lib/web/form-action.ts does the rest, so no action file grows past a screenful.
describe('server actions', () => {
  const actionFiles = ['app', 'components']
    .flatMap((dir) => sources(dir))
    .filter((f) => /^['"]use server['"]/.test(readFileSync(f, 'utf8').trimStart()));

  it('exist', () => {
    expect(actionFiles.length).toBeGreaterThan(10);
  });

  it.each(actionFiles)('%s is at most 30 lines, and every form action in it goes through the adapter', (file) => {
    const text = readFileSync(file, 'utf8');
    expect(text.trimEnd().split('\n').length).toBeLessThanOrEqual(30);
    const formActions = [...text.matchAll(/export async function (\w+)\([^)]*formData: FormData/g)].map((m) => m[1]);
    const adapted = (text.match(/\brun(Public)?FormAction\(formData,/g) ?? []).length;
    expect(adapted, `${file}: form actions ${formActions.join(', ')}`).toBe(formActions.length);
  });
});

// Decision records are read long after they are written: each says when, whether it still holds, and what
// else was weighed.
describe('decision records', () => {
  const dir = path.join('docs', 'decisions');
  const records = readdirSync(dir).filter((f) => f.endsWith('.md'));

  it('exist', () => {
    expect(records.length).toBeGreaterThanOrEqual(5);
  });

  it.each(records)('%s has a Date, a Status and its Alternatives', (file) => {
    const text = readFileSync(path.join(dir, file), 'utf8');
    expect(text).toMatch(/^- \*\*Date:\*\* \d{4}-\d{2}-\d{2}$/m);
    expect(text).toMatch(/^- \*\*Status:\*\* \S/m);
    expect(text).toMatch(/^(## Alternatives|\*\*Alternatives\.\*\*)$/m);
  });
});
