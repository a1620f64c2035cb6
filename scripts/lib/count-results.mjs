// Reads one suite's machine-readable report and prints "<passed> <failed> <skipped>" for scripts/test.sh.
// Usage: node scripts/lib/count-results.mjs vitest|playwright <report.json> <exit code of the runner> [failed.txt]
// With a fourth argument it also writes the names of the failed tests there, one per line: CI keeps only
// the tail of the output, so the summary repeats them where they can be read.
// A runner that exited non-zero must count as failing even if its report (or lack of one) says otherwise:
// a crash, a failing global setup or a file that does not import often reports zero failed tests.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [kind, file, exitCodeText, failedFile] = process.argv.slice(2);
const exitCode = Number(exitCodeText);

function readReport() {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined; // never written: the runner died before reporting
  }
}

function countVitest(report) {
  // A file that fails to load has no assertions but a failed status: count it once.
  const brokenFiles = (report.testResults ?? []).filter((r) => r.status === 'failed' && (r.assertionResults ?? []).length === 0).length;
  return {
    passed: report.numPassedTests ?? 0,
    failed: (report.numFailedTests ?? 0) + brokenFiles,
    skipped: (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0),
  };
}

function countPlaywright(report) {
  const stats = report.stats ?? {};
  return {
    passed: (stats.expected ?? 0) + (stats.flaky ?? 0), // flaky = failed, then passed on retry
    failed: (stats.unexpected ?? 0) + (report.errors ?? []).length, // errors: config, web server, global setup
    skipped: stats.skipped ?? 0,
  };
}

function failedVitest(report) {
  const names = [];
  for (const result of report.testResults ?? []) {
    const where = path.relative(process.cwd(), result.name ?? '');
    const failing = (result.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (result.status === 'failed' && failing.length === 0) names.push(`${where}: ${firstLine(result.message) || 'the file failed'}`);
    for (const a of failing) names.push(`${where}: ${a.fullName} — ${firstLine(a.failureMessages?.[0])}`);
  }
  return names;
}

function failedPlaywright(report) {
  const names = (report.errors ?? []).map((e) => `error: ${firstLine(e.message)}`);
  const walk = (suite, file) => {
    for (const spec of suite.specs ?? []) {
      for (const test of spec.tests ?? []) {
        if (test.status !== 'unexpected') continue;
        const error = test.results?.at(-1)?.error?.message;
        names.push(`${spec.file ?? file}: ${spec.title} — ${firstLine(error)}`);
      }
    }
    for (const child of suite.suites ?? []) walk(child, suite.file ?? file);
  };
  for (const suite of report.suites ?? []) walk(suite, suite.file);
  return names;
}

// The first line of an error without terminal colours, short enough for a summary.
function firstLine(text) {
  const line =
    String(text ?? '')
      .replace(/\u001b\[[0-9;]*m/g, '')
      .split('\n')
      .find((l) => l.trim() !== '') ?? '';
  return line.trim().slice(0, 300);
}

const report = readReport();
const counts =
  report === undefined ? { passed: 0, failed: 0, skipped: 0 } : kind === 'playwright' ? countPlaywright(report) : countVitest(report);
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
if (failedFile) {
  const names = report === undefined ? [] : kind === 'playwright' ? failedPlaywright(report) : failedVitest(report);
  if (counts.failed > 0 && names.length === 0) names.push(`the runner exited with ${exitCode} and named no failed test`);
  writeFileSync(failedFile, names.map((n) => `${n}\n`).join(''));
}
console.log(`${counts.passed} ${counts.failed} ${counts.skipped}`);
