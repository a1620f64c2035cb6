#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here (see prisma.config.ts).
echo "schema engine not available: migrations are applied by scripts/migrate.ts" >&2
exit 1
