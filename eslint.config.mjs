// ESLint (flat config): Next.js' own rules (core web vitals) and typescript-eslint's recommended set.
// Formatting is Prettier's job (.prettierrc.json), so no style rules here.
import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // A leading underscore marks a value taken apart only to leave it out (e.g. a password from a form).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  globalIgnores([
    '.next/**',
    '.data/**',
    'lib/generated/**',
    'next-env.d.ts',
    'node_modules/**',
    'test-results/**',
    'playwright-report/**',
  ]),
]);
