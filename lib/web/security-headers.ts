// The security headers of every page (proxy.ts sets them per request; next.config.js sets the static ones
// on every other response too). Pure: the proxy passes in the nonce and what it knows of the request.
//
// Scripts run only with this request's nonce ('strict-dynamic' lets Next's own bootstrap load its chunks),
// so an injected <script> or on* attribute never runs. Styles may be inline: React writes a few `style`
// attributes (the usage bars' widths), and a style cannot run code. Nothing may frame the panel.

/** A fresh, unguessable nonce for one response (128 bits, base64). */
export function newNonce(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes));
}

export interface CspOptions {
  /** `next dev` evaluates code for fast refresh: 'unsafe-eval' there only. */
  dev: boolean;
  /** Served over HTTPS: ask the browser to upgrade any http: subresource. */
  https: boolean;
}

/** The Content-Security-Policy of one response, with its nonce. */
export function contentSecurityPolicy(nonce: string, { dev, https }: CspOptions): string {
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ['upgrade-insecure-requests'] : []),
  ];
  return directives.join('; ');
}

/** HSTS for a response served over HTTPS (a year, subdomains too); over plain HTTP a browser ignores it. */
export const STRICT_TRANSPORT_SECURITY = 'max-age=31536000; includeSubDomains';
