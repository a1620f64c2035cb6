// The Node.js flags of every process that runs the sync worker or a save's review: the web server `npm start`
// spawns (the in-app worker), `npm run worker` and `npm run bench` (package.json spells the same flag out),
// and the bench's worker.
//
// A publish holds the whole host in memory: at a million addresses, millions of small objects that all live
// until the publish ends. With V8's default young generation (16 MB semi-spaces) half of the load and
// render went on scavenges copying them; 64 MB semi-spaces take a good part of that back at the same peak
// RSS (docs/publishing.md, figures: "worker heap"). The young generation only grows to that size under such
// a load.
export const WORKER_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

/** `env` with the worker's flags added to NODE_OPTIONS (for a child such as `next start`). */
export function withWorkerNodeOptions(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const given = env.NODE_OPTIONS ?? '';
  const missing = WORKER_NODE_FLAGS.filter((flag) => !given.includes(flag.split('=')[0] ?? flag));
  return { ...env, NODE_OPTIONS: [given, ...missing].filter(Boolean).join(' ') };
}
