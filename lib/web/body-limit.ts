// The largest body a form or server action may send: Next's own limit for server actions (1 MB, its
// `serverActions.bodySizeLimit` default), which it answers with a 500 and a stack in the log. The proxy
// refuses a longer body first, with a 413 that says why (the biggest real form, an alias's 256,000
// characters of targets, fits well within it).
export const MAX_BODY_BYTES = 1024 * 1024;

/** Why a request's declared body is refused, or null. Without a Content-Length, Next's own check remains. */
export function bodyTooLarge(method: string, contentLength: string | null): string | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || contentLength === null) return null;
  const length = Number(contentLength);
  if (!Number.isFinite(length) || length < 0) return 'The request declares no valid length.';
  return length > MAX_BODY_BYTES ? `The request is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB.` : null;
}
