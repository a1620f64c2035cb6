// Messages speak the user's words (issue 11: "(DOMAIN.md row 9)", `mapDir` and `settings.dovecot.passwdGroup`
// reached the screen). Every sentence in the code that can reach a person — string and template literals
// with a space in them, and JSX text — is scanned for the panel's internals: the design notes, their row
// numbers, and field names or JSON paths of the host settings. Comments are not scanned (TypeScript's own
// parser tells them apart), nor single words (field names in code such as name="mapDir").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SCANNED = ['lib/mail', 'lib/data', 'lib/validation', 'lib/web', 'lib/sync', 'lib/auth', 'app', 'components'];
const INTERNALS: [RegExp, string][] = [
  [/DOMAIN\.md|STACK\.md|STYLE\.md/, 'a design note'],
  [/\brows? \d+\b/i, 'a row number of a design note'],
  [/\bmapDir\b|\bhomeBase\b|\bpasswdGroup\b|\bkeepRevisions\b|\bcommandTimeoutMs\b/, 'a settings field name'],
  [/\bsettings\.[a-z]+/i, 'a settings JSON path'],
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(entry) && !/\.test\.tsx?$/.test(entry) ? [full] : [];
  });
}

/** The literal texts of a file that could be shown to someone: sentences, not identifiers. */
function sentences(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) return;
    if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node) || ts.isJsxText(node)) {
      const text = node.text.trim();
      if (/\s/.test(text)) found.push(text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe("messages in the user's words", () => {
  const files = SCANNED.flatMap(sources);

  it('finds sentences to scan', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap(sentences).length).toBeGreaterThan(500);
  });

  it('name no design note, row number, settings field or JSON path', () => {
    const offending = files.flatMap((file) =>
      sentences(file).flatMap((text) => INTERNALS.filter(([pattern]) => pattern.test(text)).map(([, what]) => `${file}: ${what}: ${text}`)),
    );
    expect(offending).toEqual([]);
  });
});
