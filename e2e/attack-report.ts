// The attack suite's report (issue 13): every test of e2e/attacks*.spec.ts by its title with passed or
// failed, and under it each attack a test made (its "attack" annotations) with "refused" or what it got.
// Written to .data/test-reports/attack-report.md and printed at the end of the browser run.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

export default class AttackReport implements Reporter {
  private readonly lines: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (!/attacks[^/]*\.spec\.ts$/.test(test.location.file)) return;
    const verdict = result.status === 'passed' ? 'held' : `FAILED (${result.status})`;
    this.lines.push(`- ${path.basename(test.location.file)}: ${test.title} — ${verdict}`);
    // Where an annotation made during the test lands differs between Playwright versions: read both, once.
    const attacks = new Set(
      [...test.annotations, ...(result.annotations ?? [])].filter((a) => a.type === 'attack').map((a) => a.description),
    );
    for (const description of attacks) if (description) this.lines.push(`  - ${description}`);
  }

  onEnd(): void {
    if (this.lines.length === 0) return;
    const text = ['# Attack report', '', ...this.lines, ''].join('\n');
    const file = path.join('.data', 'test-reports', 'attack-report.md');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
    console.log(`\n${text}\n(written to ${file})`);
  }

  printsToStdio(): boolean {
    return false;
  }
}
