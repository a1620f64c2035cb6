// The house rule that keeps the mail core testable as plain functions: lib/mail and lib/mailmaps import
// no framework, no database and no I/O (STYLE.md, "the shape of the house"). A forbidden import in a
// pure folder fails here with the file and the import named.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const PURE = ['lib/mail', 'lib/mailmaps'];
const FORBIDDEN = [/^next(\/|$)/, /^react(-dom)?(\/|$)/, /generated\/prisma/, /^@prisma\//, /^pg$/, /^(node:)?(fs|net|child_process|http|https|dgram|tls)(\/|$)/, /\/data\//, /\/db\//];

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
  const files = PURE.flatMap((dir) => { try { return sources(dir); } catch { return []; } });

  it('exist and hold code', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports nothing impure', (file) => {
    const imports = [...readFileSync(file, 'utf8').matchAll(/(?:import|export)[^'"]*from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1] ?? m[2] ?? '');
    const bad = imports.filter((spec) => FORBIDDEN.some((rule) => rule.test(spec)));
    expect(bad, `${file} imports ${bad.join(', ')}`).toEqual([]);
  });
});
