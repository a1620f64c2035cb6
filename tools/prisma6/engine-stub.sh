#!/bin/sh
# Stands in for Prisma's native engines, which cannot be downloaded on this project's machines.
# The Prisma 6 CLI insists on resolving a schema-engine binary and a query-engine library before it
# runs any command; `migrate diff` with `engine: 'js'` (prisma.config.ts here) never executes either:
# the WebAssembly schema engine bundled in prisma/build does the work. See diff.mjs.
echo "prisma6 tool: native Prisma engine not available (the wasm schema engine is used instead)" >&2
exit 1
