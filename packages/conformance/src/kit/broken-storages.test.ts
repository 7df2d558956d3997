import { afterAll, describe, expect, it } from 'vitest'
import { getConformanceCase } from './cases/index.js'
import { runConformanceCase } from './run-case.js'
import type { ConformanceTarget } from './target.js'
import {
  consumesFlashesLate,
  doesNotSlide,
  ignoresPrefix,
  ignoresTtl,
  keepsFlashes,
  leakedTimers,
  leaksTimer,
  losesConcurrentUpdates,
  resurrects,
  reusesUnknownIds,
} from './test-support/broken-drivers.js'
import { hangingStorage, rewritesUnchanged } from './test-support/broken-storages.js'
import { referenceTarget } from './test-support/reference-target.js'

/** A broken storage and the cases that must each catch it. */
interface Broken {
  readonly target: ConformanceTarget
  readonly caughtBy: readonly string[]
}

const reference = referenceTarget('reference')

const broken: readonly Broken[] = [
  {
    target: referenceTarget('loses concurrent updates', losesConcurrentUpdates),
    caughtBy: ['concurrency/distinct-fields'],
  },
  {
    target: referenceTarget('resurrects after destroy', resurrects),
    caughtBy: [
      'concurrency/save-after-destroy',
      'concurrency/save-racing-destroy',
      'concurrency/save-after-regenerate',
      'ttl/expired-stays-gone',
    ],
  },
  {
    target: referenceTarget('ignores TTLs', ignoresTtl),
    caughtBy: ['ttl/session-expiry', 'ttl/field-expiry', 'ttl/field-ttl-reported'],
  },
  {
    target: referenceTarget('does not slide the TTL on read', doesNotSlide),
    caughtBy: ['ttl/sliding'],
  },
  {
    target: referenceTarget('reuses unknown ids', reusesUnknownIds),
    caughtBy: ['robustness/unknown-id'],
  },
  {
    target: referenceTarget('keeps flashes after load', keepsFlashes),
    caughtBy: ['lifecycle/flash-once'],
  },
  {
    target: referenceTarget('consumes flashes in a second step', consumesFlashesLate),
    caughtBy: ['concurrency/flash-one-reader'],
  },
  {
    target: referenceTarget('ignores its prefix', ignoresPrefix),
    caughtBy: ['isolation/prefixes'],
  },
  {
    target: referenceTarget('leaks a timer past close()', leaksTimer),
    caughtBy: ['lifecycle/close'],
  },
  {
    target: {
      ...reference,
      name: 'hangs on an unreachable server',
      createUnreachableStorage: hangingStorage,
    },
    caughtBy: ['availability/unreachable'],
  },
  {
    target: {
      ...reference,
      name: 'rewrites unchanged sessions',
      createStorage: async (options) => rewritesUnchanged(await reference.createStorage(options)),
    },
    caughtBy: ['lifecycle/unchanged-not-written'],
  },
  {
    target: {
      ...reference,
      name: 'reports the wrong capabilities',
      capabilities: { fieldTtl: 'emulated' },
    },
    caughtBy: ['contract/capabilities'],
  },
]

afterAll(() => {
  for (const timer of leakedTimers) clearInterval(timer)
})

describe('the kit catches broken storages', () => {
  for (const { target, caughtBy } of broken) {
    for (const id of caughtBy) {
      const kase = getConformanceCase(id)
      // The close case measures the whole process, so it must not overlap other tests.
      const concurrent = kase.kind !== 'exclusive'
      it(`${target.name}: caught by ${id}`, { concurrent }, async () => {
        const error = await runConformanceCase(kase, target).then(
          () => undefined,
          (reason: unknown) => reason,
        )
        expect(error, `${id} must reject for a storage that ${target.name}`).toBeDefined()
        // An assertion of the case failed: it caught the fault, rather than crashing on it.
        expect(error).toMatchObject({ code: 'ERR_ASSERTION' })
      })
    }
  }
})
