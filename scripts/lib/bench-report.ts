// How scripts/bench.ts prints: human lines while it runs, and at the very end the three lines a script
// reads (issue 4: `ratio publish/floor: X.XX`, `one change live: N ms`, `worker peak RSS: N MB`).

export const say = (line = '') => console.log(line);
export const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** Publish phases in the order they run (run-publish.ts, then publish.ts). */
export const PHASES = ['load', 'render', 'connect', 'prepare', 'upload', 'build', 'check', 'swap', 'reload', 'prune'] as const;

export function phaseLines(phases: Record<string, number>, totalMs: number): string[] {
  const known = PHASES.filter((p) => phases[p] !== undefined);
  const other = Object.keys(phases).filter((p) => !(PHASES as readonly string[]).includes(p));
  const sum = [...known, ...other].reduce((s, p) => s + (phases[p] ?? 0), 0);
  return [
    ...[...known, ...other].map((p) => `    ${p.padEnd(8)} ${int(phases[p] ?? 0).padStart(9)} ms`),
    `    ${'record'.padEnd(8)} ${int(Math.max(0, totalMs - sum)).padStart(9)} ms   (the rest: lock, run record with every changed file's text, host state)`,
    `    ${'total'.padEnd(8)} ${int(totalMs).padStart(9)} ms`,
  ];
}

export interface Figures {
  ratio: number;
  changeLiveMs: number;
  peakRssMb: number;
}

export function targetLines(f: Figures): string[] {
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  return [
    'targets (reported, not asserted):',
    `  full publish <= 1.5 x floor    ${verdict(f.ratio <= 1.5)} (${f.ratio.toFixed(2)})`,
    `  one change live < 1 s          ${verdict(f.changeLiveMs < 1000)} (${int(f.changeLiveMs)} ms)`,
    `  worker peak RSS < 256 MB       ${verdict(f.peakRssMb < 256)} (${int(f.peakRssMb)} MB)`,
  ];
}

/** The last three lines of the output, exactly as the issue fixes them. */
export function machineLines(f: Figures): string[] {
  return [
    `ratio publish/floor: ${f.ratio.toFixed(2)}`,
    `one change live: ${Math.round(f.changeLiveMs)} ms`,
    `worker peak RSS: ${Math.round(f.peakRssMb)} MB`,
  ];
}
