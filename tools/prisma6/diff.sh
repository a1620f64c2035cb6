#!/usr/bin/env bash
# `npm run db:diff -- <name> | --check | --print`: author the next Prisma migration offline.
# Installs this tool package on first use (tools/prisma6/node_modules is git-ignored), then runs
# diff.mjs. See diff.mjs for what it does and docs/decisions/0002-migrations.md for why.
set -euo pipefail

tool_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$tool_dir/../.." && pwd)"
cd "$root"

# (Re)install when missing or when package.json pins other versions than those installed.
needs_install() {
  node -e '
    const dir = process.argv[1];
    const want = require(dir + "/package.json").dependencies;
    for (const [name, version] of Object.entries(want)) {
      let have;
      try { have = require(dir + "/node_modules/" + name + "/package.json").version; } catch {}
      if (have !== version) process.exit(0);
    }
    process.exit(1);
  ' "$tool_dir"
}

if needs_install; then
  echo "db:diff: installing the Prisma 6 tool into tools/prisma6/node_modules (once)..." >&2
  # No install scripts: Prisma's would try to download native engines, which this tool never uses.
  npm install --prefix "$tool_dir" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
fi

exec node "$tool_dir/diff.mjs" "$@"
