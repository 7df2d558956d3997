#!/usr/bin/env bash
# The single test command (`npm test`): provision real servers, then run every package's tests.
# Extra arguments go to turbo, e.g. `npm test -- --filter=@sessionkit/redis`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/provision-test-servers.sh"
if [[ -f "$ROOT/.sessionkit/test-env.sh" ]]; then
  # shellcheck source=/dev/null
  source "$ROOT/.sessionkit/test-env.sh"
fi
cd "$ROOT"
# Two packages at a time: the suites start servers and time TTLs, and CI machines have 2 cores.
exec npx turbo run test --concurrency=2 "$@"
