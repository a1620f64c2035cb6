// Reads one suite's machine-readable report and prints "<passed> <failed> <skipped>" for scripts/test.sh.
// Usage: node scripts/lib/count-results.mjs vitest|playwright <report.json> <exit code of the runner>
// A runner that exited non-zero must count as failing even if its report (or lack of one) says otherwise:
// a crash, a failing global setup or a file that does not import often reports zero failed tests.
import { readFileSync } from 'node:fs';

const [kind, file, exitCodeText] = process.argv.slice(2);
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

const report = readReport();
const counts =
  report === undefined ? { passed: 0, failed: 0, skipped: 0 } : kind === 'playwright' ? countPlaywright(report) : countVitest(report);
if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
console.log(`${counts.passed} ${counts.failed} ${counts.skipped}`);
