// lib/data runs on the server only: in Next.js (where `server-only` turns a client import into a build
// error), in scripts and in the worker. This guard gives the same protection in every one of them.
if (typeof window !== 'undefined') {
  throw new Error('lib/data is server-only and was imported into browser code.');
}
export {};
