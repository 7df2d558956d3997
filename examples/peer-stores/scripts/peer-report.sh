#!/usr/bin/env bash
# npm run peer-report: run the conformance suites against the peers' stores (real Redis and
# memcached from @sessionkit/test-servers), one peer at a time, and write the report to
# packages/conformance/docs/peer-report.md. Not part of CI: the peers fail cases by design.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
ROOT="$(cd ../.. && pwd)"
bash "$ROOT/scripts/provision-test-servers.sh"
if [[ -f "$ROOT/.sessionkit/test-env.sh" ]]; then
  # shellcheck source=/dev/null
  source "$ROOT/.sessionkit/test-env.sh"
fi
mkdir -p reports
# The suites fail by design: the report, not the exit code, is the result.
npx vitest run --no-file-parallelism --reporter=default --reporter=json \
  --outputFile.json=reports/peer-report.json || true
node scripts/write-peer-report.mjs reports/peer-report.json "$ROOT/packages/conformance/docs/peer-report.md"
