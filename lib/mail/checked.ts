// The result of a pure rule: the normalised value, or every problem found, as sentences a user can act on.
// Rules return this instead of throwing so their tests read as tables.
export type Checked<T> = { ok: true; value: T } | { ok: false; problems: string[] };

export const accept = <T>(value: T): Checked<T> => ({ ok: true, value });
export const reject = <T = never>(...problems: string[]): Checked<T> => ({ ok: false, problems });
