// One stable order for names, domains and keys: code points, never the locale. It is the order of
// PostgreSQL's COLLATE "C" for the panel's ASCII values, so what the panel sorts in memory lines up with
// what the database returns (lib/data/snapshots.ts) and the renderers write (lib/mailmaps).

/** Orders strings by UTF-16 code units: the same order on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
