import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './security-headers';

const directive = (csp: string, name: string) => csp.split('; ').find((d) => d.startsWith(`${name} `) || d === name);

describe('contentSecurityPolicy', () => {
  const csp = contentSecurityPolicy('abc123==', { dev: false, https: false });

  it('runs scripts only with this response’s nonce: never inline or eval', () => {
    expect(directive(csp, 'script-src')).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
    expect(csp).not.toContain('unsafe-eval');
  });

  it('lets nothing frame the panel, post a form elsewhere, or load plugins', () => {
    expect(directive(csp, 'frame-ancestors')).toBe("frame-ancestors 'none'");
    expect(directive(csp, 'form-action')).toBe("form-action 'self'");
    expect(directive(csp, 'object-src')).toBe("object-src 'none'");
    expect(directive(csp, 'base-uri')).toBe("base-uri 'none'");
  });

  it('allows eval only under `next dev`, and upgrades requests only over HTTPS', () => {
    expect(contentSecurityPolicy('n', { dev: true, https: false })).toContain("'unsafe-eval'");
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(contentSecurityPolicy('n', { dev: false, https: true })).toContain('upgrade-insecure-requests');
  });
});

describe('newNonce', () => {
  it('is new every time and 128 bits long', () => {
    const nonces = new Set(Array.from({ length: 1000 }, newNonce));
    expect(nonces.size).toBe(1000);
    for (const n of nonces) expect(Buffer.from(n, 'base64')).toHaveLength(16);
  });
});
