// The largest body a form or server action may send. Next's own limit for server actions
// (`serverActions.bodySizeLimit`, next.config.js) is set to the largest of these, the upload of a host's
// files to import; Next answers a body over it with a 500 and a stack in the log. The proxy refuses a
// longer body first, per page, with a 413 that says why (the biggest ordinary form, an alias's 256,000
// characters of targets, fits well within 1 MB).
export const MAX_BODY_BYTES = 1024 * 1024;
/** A legacy host's files (a 20,000-line virtusertable is about 1 MB) or a CSV, uploaded to import. */
export const MAX_UPLOAD_BYTES = 64 * 1024 * 1024;
/** The pages whose forms upload files to import. */
const UPLOAD_PAGES = /^\/(mail-hosts\/[^/]+\/import|import)\/?$/;

/** Why a request's declared body is refused, or null. Without a Content-Length, Next's own check remains. */
export function bodyTooLarge(method: string, contentLength: string | null, pathname = '/'): string | null {
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || contentLength === null) return null;
  const length = Number(contentLength);
  if (!Number.isFinite(length) || length < 0) return 'The request declares no valid length.';
  const limit = UPLOAD_PAGES.test(pathname) ? MAX_UPLOAD_BYTES : MAX_BODY_BYTES;
  return length > limit ? `The request is larger than ${limit / 1024 / 1024} MB.` : null;
}
