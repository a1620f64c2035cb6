// How scripts/bench.ts prints: human lines while it runs, and at the very end the lines a script reads
// (issue 15: `ratio publish/floor: X.XX`, `one change live p95: N ms`, `save p95: N ms`, `list p95: N ms`,
// `worker peak RSS: N MB`, `web peak RSS: N MB`; then the import's).
import { readFile } from 'node:fs/promises';

export const say = (line = '') => console.log(line);
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Publish phases in the order they run (run-publish.ts, then publish.ts). */
export const PHASES = ['load', 'render', 'connect', 'prepare', 'upload', 'build', 'check', 'swap', 'reload', 'prune'] as const;

/**
 * A run's phases, then its record and total. The render hands each file to the publisher as it makes it
 * (lib/sync/render-host.ts), so render, upload, build and check overlap: each is the time from its first
 * start to its last end, and together they add up to more than the time they took.
 */
export function phaseLines(phases: Record<string, number>, totalMs: number, recordMs: number): string[] {
  const known = PHASES.filter((p) => phases[p] !== undefined);
  const other = Object.keys(phases).filter((p) => !(PHASES as readonly string[]).includes(p));
  const overlapping = new Set(['upload', 'build', 'check']);
  return [
    ...[...known, ...other].map(
      (p) => `    ${p.padEnd(8)} ${int(phases[p] ?? 0).padStart(9)} ms${overlapping.has(p) ? '   (overlaps the render)' : ''}`,
    ),
    `    ${'record'.padEnd(8)} ${int(recordMs).padStart(9)} ms   (the run's record: every changed file's text packed, the revision and the host's state)`,
    `    ${'total'.padEnd(8)} ${int(totalMs).padStart(9)} ms`,
  ];
}

export interface Figures {
  ratio: number;
  changeLiveP95: number;
  saveP95: number;
  listP95: number;
  peakRssMb: number;
  webPeakMb: number;
}

export function targetLines(f: Figures): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    'targets (reported, not asserted):',
    `  full publish <= 1.5 x floor    ${verdict(f.ratio <= 1.5)} (${f.ratio.toFixed(2)})`,
    `  one change live p95 < 1 s      ${verdict(f.changeLiveP95 < 1000)} (${int(f.changeLiveP95)} ms)`,
    `  save p95 < 300 ms              ${verdict(f.saveP95 < 300)} (${int(f.saveP95)} ms)`,
    `  list p95 < 100 ms              ${verdict(f.listP95 < 100)} (${int(f.listP95)} ms)`,
    `  worker peak RSS < 256 MB       ${verdict(f.peakRssMb < 256)} (${int(f.peakRssMb)} MB)`,
    `  web peak RSS < 512 MB          ${verdict(f.webPeakMb < 512)} (${int(f.webPeakMb)} MB)`,
  ];
}

/** The lines a script reads, exactly as issue 15 fixes them. */
export function machineLines(f: Figures): string[] {
  return [
    `ratio publish/floor: ${f.ratio.toFixed(2)}`,
    `one change live p95: ${Math.round(f.changeLiveP95)} ms`,
    `save p95: ${Math.round(f.saveP95)} ms`,
    `list p95: ${Math.round(f.listP95)} ms`,
    `worker peak RSS: ${Math.round(f.peakRssMb)} MB`,
    `web peak RSS: ${Math.round(f.webPeakMb)} MB`,
  ];
}

/** The nearest-rank percentile (p95 of 20 figures: the 19th smallest). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
}

/** This process's peak resident memory (VmHWM), in MB. */
export async function peakRssMb(): Promise<number> {
  const status = await readFile('/proc/self/status', 'utf8');
  const kb = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? 0);
  return kb / 1024;
}
