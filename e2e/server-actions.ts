// Calling a server action directly, as an attacker with the browser's tools would: by its action id (read from
// the build's server-reference manifest, which names each action's file and export), with arguments of its
// own choosing, outside any form. The body is React's reply encoding, as the panel's own client sends it:
// the FormData's fields under "_1_", then the argument list as "0" (last: the server reads the fields
// the list refers to before it parses the list).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { APIRequestContext } from '@playwright/test';

interface ManifestEntry {
  filename?: string;
  exportedName?: string;
}

/** Every server action of the build, keyed "file#export" (e.g. "app/(panel)/aliases/[id]/actions.ts#updateAliasAction"). */
export function buildActions(): Map<string, string> {
  const file = path.join(__dirname, '..', '.next', 'server', 'server-reference-manifest.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as { node: Record<string, ManifestEntry> };
  const actions = new Map<string, string>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    if (!entry.filename || !entry.exportedName) throw new Error(`The manifest does not name action ${id}'s file and export.`);
    actions.set(`${entry.filename}#${entry.exportedName}`, id);
  }
  return actions;
}

/** Stands for the action's FormData in an argument list. */
export const FORM = Symbol('the form');
export type ActionArg = unknown;

/** What an action answered, in the terms a user sees: the HTTP status, where it sent the browser, what it said. */
export interface ActionAnswer {
  status: number;
  /** An action's redirect, or the proxy's (to a sign-in page). */
  redirect?: string;
  /** The action's returned value (a form's state), without what it echoes back of the input. */
  result?: unknown;
  /** The action threw: the client would show an error page. */
  threw?: boolean;
  /** A review's one-time token (not part of the comparison: it differs per call). */
  confirmToken?: string;
}

/** What two answers are compared by. */
export const comparable = ({ status, redirect, result, threw }: ActionAnswer) => JSON.stringify({ status, redirect, result, threw });

/** React's reply encoding escapes a string that starts with "$". */
function encodeArg(value: unknown): unknown {
  if (value === FORM) return '$K1';
  if (typeof value === 'string') return value.startsWith('$') ? `$${value}` : value;
  if (Array.isArray(value)) return value.map(encodeArg);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encodeArg(v)]));
  return value;
}

export async function callAction(
  request: APIRequestContext,
  baseURL: string,
  actionId: string,
  args: ActionArg[],
  fields: Record<string, string> = {},
): Promise<ActionAnswer> {
  const body = new FormData();
  for (const [name, value] of Object.entries(fields)) body.append(`_1_${name}`, value);
  body.append('0', JSON.stringify(args.map(encodeArg)));
  const response = await request.post('/', {
    multipart: body,
    headers: { 'next-action': actionId, accept: 'text/x-component', origin: baseURL },
    maxRedirects: 0,
  });
  const status = response.status();
  const redirect = response.headers()['x-action-redirect']?.split(';')[0] ?? response.headers()['location'];
  const answer: ActionAnswer = { status, ...(redirect ? { redirect: redirect.replace(baseURL, '') } : {}) };
  if (!(response.headers()['content-type'] ?? '').includes('text/x-component')) return answer;
  return { ...answer, ...actionResult(await response.text()) };
}

/** The action's value in a Flight response: row 0 is {"a": value or "$@<row>"}; a row "E{…}" is a thrown error. */
function actionResult(flight: string): Pick<ActionAnswer, 'result' | 'threw' | 'confirmToken'> {
  const rows = new Map<string, string>();
  for (const line of flight.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) rows.set(line.slice(0, colon), line.slice(colon + 1));
  }
  const head = rows.get('0');
  if (!head) return {};
  const a = (JSON.parse(head) as { a?: unknown }).a;
  const ref = typeof a === 'string' && /^\$@[0-9a-f]+$/.test(a) ? rows.get(a.slice(2)) : undefined;
  if (ref === undefined) return shown(a);
  if (ref.startsWith('E')) return { threw: true };
  return shown(JSON.parse(ref));
}

/** A form state without its echo of the typed values, and its one-time review token apart. */
function shown(value: unknown): Pick<ActionAnswer, 'result' | 'confirmToken'> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return { result: value };
  const { values, confirmToken, ...rest } = value as Record<string, unknown>;
  return { result: rest, ...(typeof confirmToken === 'string' ? { confirmToken } : {}) };
}

/** The owner's way: sends the form, and confirms each review it is shown (as its user would). */
export async function confirmedAction(
  request: APIRequestContext,
  baseURL: string,
  actionId: string,
  args: ActionArg[],
  fields: Record<string, string> = {},
): Promise<ActionAnswer> {
  let answer = await callAction(request, baseURL, actionId, args, fields);
  for (let round = 0; round < 3 && answer.confirmToken; round++) {
    answer = await callAction(request, baseURL, actionId, args, { ...fields, confirmed: answer.confirmToken });
  }
  return answer;
}

/** One line for the attack report. */
export function describeAnswer(answer: ActionAnswer): string {
  if (answer.threw) return `a server error (${answer.status})`;
  if (answer.redirect) return `sent to ${answer.redirect} (${answer.status})`;
  const result = answer.result as { status?: string; message?: string; fieldErrors?: Record<string, unknown> } | null | undefined;
  const fields = result?.fieldErrors ? ` (fields: ${Object.keys(result.fieldErrors).join(', ')})` : '';
  if (result && typeof result === 'object' && result.status) return `${result.status}: ${result.message ?? ''}${fields}`.trim();
  return `${answer.status}: ${JSON.stringify(answer.result ?? null)}`;
}
