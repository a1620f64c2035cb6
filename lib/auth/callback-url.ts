// Where a sign-in may send the browser afterwards: a path of this site, never another site (an open
// redirect lends the panel's address to a phishing link) and never a `javascript:` or `data:` URL.

/**
 * The path (with query and fragment) to go to after signing in, if `url` names one on `origin`; else '/'.
 * A path that a browser would read as another host (`//evil.example`, `/\evil.example`) is refused too.
 */
export function safeCallbackPath(url: string | null | undefined, origin: string): string {
  const text = (url ?? '').trim();
  // Control characters and backslashes are read differently by browsers and URL parsers: refuse them.
  if (!text || /[\u0000-\u001f\u007f\\]/.test(text)) return '/';
  let parsed: URL;
  try {
    parsed = new URL(text, origin);
  } catch {
    return '/';
  }
  if (parsed.origin !== new URL(origin).origin || !/^https?:$/.test(parsed.protocol)) return '/';
  const path = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : '/';
}
