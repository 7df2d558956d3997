#!/usr/bin/env bash
# Full-mode soak (`npm run soak`): 128 concurrent read-change-save cycles for 60 s on each
# backend (memory, Redis 8, a pool of 3 memcached), each printing errors, lost updates and
# p50/p99 latency. CI runs the same tests for 3 s. SESSIONKIT_SOAK_SECONDS overrides the length.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/provision-test-servers.sh"
# shellcheck source=/dev/null
[[ -f "$ROOT/.sessionkit/test-env.sh" ]] && source "$ROOT/.sessionkit/test-env.sh"
cd "$ROOT"
npx turbo run build --output-logs=errors-only --filter=@sessionkit/memory... \
  --filter=@sessionkit/redis... --filter=@sessionkit/memcache...
export SESSIONKIT_SOAK_SECONDS="${SESSIONKIT_SOAK_SECONDS:-60}"
# One backend at a time: they share the machine's cores.
(cd packages/memory && npx vitest run src/faults/soak.test.ts)
(cd packages/redis && npx vitest run src/faults/soak.test.ts)
(cd packages/memcache && npx vitest run src/faults/soak.test.ts)
