#!/usr/bin/env bash
# `npm run bench`: provision the test servers (as `npm test` does), build the bench and what it
# measures, then run it. Arguments go to the bench (`npm run bench -- --quick`, `-- --help`).
# Progress and build output go to stderr; stdout carries only the report.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/provision-test-servers.sh" >&2
if [[ -f "$ROOT/.sessionkit/test-env.sh" ]]; then
  # shellcheck source=/dev/null
  source "$ROOT/.sessionkit/test-env.sh"
fi
cd "$ROOT"
npx turbo run build --filter=@sessionkit/bench... --output-logs=errors-only >&2
# SESSIONKIT_BENCH_NODE_FLAGS: extra Node flags, e.g. "--cpu-prof --cpu-prof-dir=bench/results/profiles".
# shellcheck disable=SC2086
exec node --expose-gc --max-old-space-size=8192 ${SESSIONKIT_BENCH_NODE_FLAGS:-} bench/dist/main.js "$@"
