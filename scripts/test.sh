#!/usr/bin/env bash
# The single test command (`npm test`): provision real servers and Chromium, then run every
# package's tests, then print one summary line for the whole run (`N passed, N failed, N skipped`).
# Extra arguments go to turbo, e.g. `npm test -- --filter=@sessionkit/redis`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/provision-test-servers.sh"
# Chromium for the demo's browser test; without it that test fails with its own message.
bash "$ROOT/scripts/provision-browser.sh" || echo '[test] no Chromium: the demo browser test will fail' >&2
if [[ -f "$ROOT/.sessionkit/test-env.sh" ]]; then
  # shellcheck source=/dev/null
  source "$ROOT/.sessionkit/test-env.sh"
fi
cd "$ROOT"
REPORT=.vitest-results.json
STARTED=$(node -e 'console.log(Date.now())')
rc=0
# Two packages at a time: the suites start servers and time TTLs, and CI machines have 2 cores.
# --continue: every package runs even after one fails, so that the summary covers the whole run.
npx turbo run test --concurrency=2 --continue "$@" -- \
  --reporter=default --reporter=json --outputFile.json="$REPORT" || rc=$?
node scripts/test-summary.mjs "$REPORT" "$STARTED" "$rc"
exit "$rc"
