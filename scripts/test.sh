#!/usr/bin/env bash
# The project's whole test command (`npm test`; CI runs `npm install && npm test` on a clean clone, as root,
# without stdin). Runs every suite even when one fails, then prints a per-suite summary and, as the very
# last line, "N passed, N failed" over all suites. Exit status is non-zero if anything failed.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

export NEXT_TELEMETRY_DISABLED=1
export VITE_CONFIG_NATIVE_IGNORE_WARNING=true # vitest.config.ts is ESM in a CommonJS package: harmless
REPORTS=.data/test-reports
rm -rf "$REPORTS" && mkdir -p "$REPORTS"

SUMMARY=()
TOTAL_PASSED=0
TOTAL_FAILED=0

# record <suite> <passed> <failed> <skipped> <seconds>
record() {
  SUMMARY+=("$(printf '  %-12s %4s passed, %s failed, %s skipped (%ss)' "$1" "$2" "$3" "$4" "$5")")
  TOTAL_PASSED=$((TOTAL_PASSED + $2))
  TOTAL_FAILED=$((TOTAL_FAILED + $3))
}

# CI gives the whole run 90 minutes and shows only the tail of its output. A step that hangs (a runner
# that never exits once its tests are done, a server that never answers) must not take that time from the
# others and leave no summary: every step runs in a process group of its own, limited to what is left of
# MAILPANEL_TEST_BUDGET seconds (80 minutes after npm install by default), less a minute for each step
# still to come. A step past its limit is named with the processes it was still running, then killed.
DEADLINE=$((SECONDS + ${MAILPANEL_TEST_BUDGET:-4800}))
STEPS_LEFT=8 # after the first: lint, format, schema, unit, first start, mail software, integration, e2e

# end_session <signal> <session id>: signals every process of the step's session (those that made a process
# group of their own too), or its process group where pkill is missing.
end_session() {
  if command -v pkill >/dev/null; then pkill "-$1" -s "$2"; else kill "-$1" -- "-$2" 2>/dev/null; fi
}

# within <name> <command...>: runs the command as described above; exits 124 if it ran out of time.
within() {
  local name=$1 limit pid code
  shift
  limit=$((DEADLINE - SECONDS - 60 * STEPS_LEFT))
  STEPS_LEFT=$((STEPS_LEFT > 0 ? STEPS_LEFT - 1 : 0))
  # Each step's own limit is about four times its longest run on a slow 2-core machine (2026-12-07:
  # unit 185 s, first start 123 s, integration 1,306 s, browser 1,168 s), so a hang is caught early and
  # the steps after it still run.
  local cap
  case $name in
    unit | first-start) cap=900 ;;
    integration) cap=3000 ;;
    e2e) cap=3000 ;;
    *) cap=900 ;;
  esac
  ((limit > cap)) && limit=$cap
  ((limit < 60)) && limit=60
  setsid "$@" &
  pid=$!
  # Ctrl-C or a kill of the test command ends the step's whole group too.
  trap 'end_session TERM $pid; exit 130' INT TERM
  (
    end=$((SECONDS + limit))
    while ((SECONDS < end)); do
      sleep 5
      kill -0 "$pid" 2>/dev/null || exit 0
    done
    {
      echo "$name: still running after $limit s, so killed; its processes then:"
      ps -o pid=,etimes=,pcpu=,stat=,args= -g "$pid" 2>&1 | cut -c1-200 | sed 's/^/    /'
    } | tee "$REPORTS/$name.late.txt" >&2
    end_session TERM "$pid"
    sleep 20
    end_session KILL "$pid"
  ) &
  local dog=$!
  wait "$pid"
  code=$?
  kill "$dog" 2>/dev/null
  wait "$dog" 2>/dev/null
  trap - INT TERM
  [[ -s $REPORTS/$name.late.txt ]] && return 124
  return "$code"
}

# check <name> <command...>: a step that is one pass or one failure (its output is shown).
check() {
  local name=$1 start=$SECONDS
  shift
  echo "==> $name: $*"
  if within "$name" "$@"; then
    record "$name" 1 0 0 $((SECONDS - start))
  else
    record "$name" 0 1 0 $((SECONDS - start))
    echo "$* exited non-zero: its output is above, after \"==> $name\"" >"$REPORTS/$name.failed.txt"
    [[ -s $REPORTS/$name.late.txt ]] && cat "$REPORTS/$name.late.txt" >>"$REPORTS/$name.failed.txt"
  fi
}

# suite <name> <vitest|playwright> <report.json> <command...>: a runner whose JSON report is counted.
suite() {
  local name=$1 kind=$2 report=$3 start=$SECONDS code counts
  shift 3
  echo "==> $name: $*"
  within "$name" "$@" </dev/null
  code=$?
  counts=$(node scripts/lib/count-results.mjs "$kind" "$report" "$code" "$REPORTS/$name.failed.txt")
  [[ -s $REPORTS/$name.late.txt ]] && cat "$REPORTS/$name.late.txt" >>"$REPORTS/$name.failed.txt"
  # shellcheck disable=SC2086 # counts is "passed failed skipped"
  record "$name" $counts $((SECONDS - start))
}

# (a) Browser tests use Debian's chromium (never Playwright's download, which this network cannot reach).
if [[ -f playwright.config.ts && ! -x /usr/bin/chromium ]]; then
  echo "==> installing chromium with apt-get (log: $REPORTS/apt.log)"
  if ! { apt-get -o DPkg::Lock::Timeout=300 update && DEBIAN_FRONTEND=noninteractive \
      apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends chromium; } \
      >"$REPORTS/apt.log" 2>&1 </dev/null; then
    echo "ERROR: could not install chromium (needs root and Debian's package mirror); e2e tests will fail." >&2
    tail -n 15 "$REPORTS/apt.log" >&2
  fi
fi

# (b) The Prisma client is generated by `npm install` (postinstall); regenerate only if it is missing.
if [[ ! -d lib/generated/prisma ]]; then
  check prisma-generate npx prisma generate
fi

# (c) Type errors fail the run like a failing test does; so do lint errors, code Prettier would change, and a
# schema and migrations that disagree.
check typecheck npx tsc --noEmit
check lint npx eslint --max-warnings 0 .
check format npx prettier --check .
check schema-matches-migrations npm run --silent db:diff -- --check

# (d) The suites, each with a human and a machine-readable reporter.
vitest_suite() {
  suite "$1" vitest "$REPORTS/$1.json" npx vitest run --project "$1" --passWithNoTests \
    --reporter=default --reporter=json --outputFile="$REPORTS/$1.json"
}
vitest_suite unit
# A first start as a user makes it, BEFORE any mail software is installed (on a fresh machine, none is):
# `npm start` on fresh data must show the demo host Live with a revision within 60 s of printing its URL.
# It builds the panel when needed; the e2e suite below reuses that build. Its own ports and data directory.
check first-start npx tsx tests/first-start/first-start.ts
# The integration suite runs the real mail software (sendmail, Postfix, Dovecot), installed here.
check mail-software bash tests/mta/install.sh
vitest_suite integration

if [[ -f playwright.config.ts ]]; then
  export PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/e2e.json"
  suite e2e playwright "$REPORTS/e2e.json" npx playwright test --reporter=list,json,./e2e/attack-report.ts --pass-with-no-tests
fi

# (e) Summary; the last line is the machine-readable total. The failed tests are named again just above it,
# since a long run's log is often read from its tail only.
echo
for failed in "$REPORTS"/*.failed.txt; do
  [[ -s $failed ]] || continue
  echo "Failed in $(basename "$failed" .failed.txt):"
  sed 's/^/  - /' "$failed"
done
echo "Test summary:"
printf '%s\n' "${SUMMARY[@]}"
echo "${TOTAL_PASSED} passed, ${TOTAL_FAILED} failed"
[[ $TOTAL_FAILED -eq 0 ]]
