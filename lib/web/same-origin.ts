// Cross-site request forgery: a page elsewhere can make a signed-in browser POST to the panel (a form, a
// fetch) and the browser sends the session cookie along. Next.js checks server actions itself, but answers a
// foreign Origin with a 500 ("Invalid Server Actions request."), a malformed one with a crash in `new URL`,
// and does not check Auth.js' routes at all. proxy.ts asks this first, for every request, and refuses with a
// 403 what would change state from another origin.

/** What the decision reads of a request: its method and headers (names in lower case, as Headers gives them). */
export interface RequestOrigin {
  method: string;
  origin: string | null;
  host: string | null;
  forwardedHost: string | null;
  /** Fetch metadata: `same-origin`, `same-site`, `cross-site` or `none`; sent by every current browser. */
  secFetchSite: string | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Why the request must be refused as coming from another origin, or null when it may go on. Only requests
 * that may change something (not GET, HEAD or OPTIONS) are judged:
 * - an Origin header that is not this site's own (another host or port, "null" from a sandboxed frame or a
 *   redirect, or not a URL at all) is refused;
 * - a request without Origin is a browser's only if it carries fetch metadata: a browser that says the
 *   request comes from another site is refused; a client that is no browser (curl, a script) sends
 *   neither and holds no one's cookie but its own, so it goes on, as Next lets it.
 * This site's host is X-Forwarded-Host when a reverse proxy sets it, else Host, the same one Next compares
 * server actions against. A page in a browser cannot set X-Forwarded-Host on a cross-site form post, and a
 * fetch that tries is preflighted and refused, so a forged request still carries the real host.
 */
export function crossOriginRefusal(request: RequestOrigin): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  if (request.origin === null) {
    const site = request.secFetchSite?.toLowerCase();
    return site === 'cross-site' || site === 'same-site' ? `A ${site} request without an Origin header.` : null;
  }
  const origin = originHost(request.origin);
  if (origin === null) return 'The Origin header is not a web origin.';
  const own = ownHost(request);
  if (own === null) return 'The request names no host to compare its Origin with.';
  return origin === own ? null : 'The request comes from another origin.';
}

/** The `host[:port]` of an http(s) origin, lower case, or null for "null" and anything else. */
function originHost(origin: string): string | null {
  if (!/^https?:\/\/[^/?#\s]+$/i.test(origin.trim())) return null;
  try {
    return new URL(origin.trim()).host;
  } catch {
    return null;
  }
}

/** The request's own `host[:port]`: the first X-Forwarded-Host (a proxy's), else Host; normalised as URL does. */
function ownHost(request: RequestOrigin): string | null {
  const given = request.forwardedHost?.split(',')[0]?.trim() || request.host?.trim();
  if (!given) return null;
  try {
    // The same scheme on both sides, so a default port is dropped alike (example.com:443 on https).
    return new URL(`http://${given}`).host;
  } catch {
    return null;
  }
}
