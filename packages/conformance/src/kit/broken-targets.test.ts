import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { CaseInfo } from './case.js'
import { getConformanceCase } from './cases/index.js'
import { createSimulatedClock } from './clock.js'
import { getDriverConformanceCase } from './driver-cases/index.js'
import type { DriverConformanceTarget } from './driver-target.js'
import { runConformanceCase, runDriverConformanceCase } from './run-case.js'
import type { ConformanceTarget } from './target.js'
import * as driverLevel from './test-support/broken/driver-level.js'
import * as owners from './test-support/broken/owners.js'
import * as storageLevel from './test-support/broken/storage-level.js'
import { boundsReadsOnly, coercesValues, sanitisesKeys } from './test-support/broken/storages.js'
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
import { withoutOwners } from './test-support/reference-driver.js'
import {
  type DriverWrapper,
  referenceDriverTarget,
  referenceTarget,
} from './test-support/reference-target.js'

// Every case must catch a storage or driver that breaks the rule it checks: each broken target
// below wraps the correct reference driver and breaks one promise. Time is simulated (waits
// take no time; the targets' expiry reads only Date.now()), so the cases run one at a time.

const clock = createSimulatedClock()
beforeAll(() => clock.install())
afterAll(() => {
  clock.uninstall()
  for (const timer of [...leakedTimers, ...storageLevel.perRecordTimers]) clearTimeout(timer)
  for (const flush of driverLevel.perRecordListeners) process.off('exit', flush)
})

/** A broken storage and the storage cases that must each catch it. */
interface BrokenStorage {
  readonly target: ConformanceTarget
  readonly caughtBy: readonly string[]
}

/** A broken driver and the driver cases that must each catch it. */
interface BrokenDriver {
  readonly target: DriverConformanceTarget
  readonly caughtBy: readonly string[]
}

const storage = (name: string, wrap: DriverWrapper, move = false) =>
  referenceTarget(name, { wrap, clock, move })
const driver = (name: string, wrap: DriverWrapper, move = false) =>
  referenceDriverTarget(name, { wrap, clock, move })
const reference = referenceTarget('reference', { clock })
const wrapped = (
  name: string,
  wrap: (
    inner: Awaited<ReturnType<ConformanceTarget['createStorage']>>,
  ) => Awaited<ReturnType<ConformanceTarget['createStorage']>>,
): ConformanceTarget => ({
  ...reference,
  name,
  createStorage: async (options) => wrap(await reference.createStorage(options)),
})

const brokenStorages: readonly BrokenStorage[] = [
  // The first twelve, from before the driver suite.
  {
    target: storage('loses concurrent updates', losesConcurrentUpdates),
    caughtBy: ['concurrency/distinct-fields'],
  },
  {
    target: storage('resurrects after destroy', resurrects),
    caughtBy: [
      'concurrency/save-after-destroy',
      'concurrency/save-racing-destroy',
      'concurrency/save-after-regenerate',
      'ttl/expired-stays-gone',
      'owners/late-save',
    ],
  },
  {
    target: storage('ignores TTLs', ignoresTtl),
    caughtBy: ['ttl/session-expiry', 'ttl/field-expiry', 'ttl/field-ttl-reported'],
  },
  { target: storage('does not slide the TTL on read', doesNotSlide), caughtBy: ['ttl/sliding'] },
  { target: storage('reuses unknown ids', reusesUnknownIds), caughtBy: ['robustness/unknown-id'] },
  { target: storage('keeps flashes after load', keepsFlashes), caughtBy: ['lifecycle/flash-once'] },
  {
    target: storage('consumes flashes in a second step', consumesFlashesLate),
    caughtBy: ['concurrency/flash-one-reader'],
  },
  { target: storage('ignores its prefix', ignoresPrefix), caughtBy: ['isolation/prefixes'] },
  { target: storage('leaks a timer past close()', leaksTimer), caughtBy: ['lifecycle/close'] },
  {
    target: {
      ...reference,
      name: 'hangs on an unreachable server',
      createUnreachableStorage: hangingStorage,
    },
    caughtBy: ['availability/unreachable'],
  },
  {
    target: wrapped('rewrites unchanged sessions', rewritesUnchanged),
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
  // One for each case added with the driver suite.
  {
    target: storage('drops key TTLs silently', storageLevel.dropsFieldTtls),
    caughtBy: ['contract/field-ttl'],
  },
  {
    target: storage('normalises key names to NFC', storageLevel.normalisesFieldNames),
    caughtBy: ['persistence/unescaped-keys'],
  },
  {
    target: storage('replaces pending flashes', storageLevel.replacesPendingFlashes),
    caughtBy: ['lifecycle/flashes'],
  },
  {
    target: storage('moves a destroyed session', storageLevel.movesFromGone, true),
    caughtBy: ['lifecycle/regenerate-destroyed'],
  },
  {
    target: storage('keeps an expiry timer per session', storageLevel.expiryTimerPerRecord),
    caughtBy: ['lifecycle/close-many'],
  },
  {
    target: storage('writes updates back after a pause', storageLevel.writesBackAfterPause),
    caughtBy: ['concurrency/save-racing-destroy'],
  },
  {
    target: storage('removes keys from a stale copy', storageLevel.unsetsFromStaleCopy),
    caughtBy: ['concurrency/unset-racing-set'],
  },
  {
    target: storage('touch writes a stale copy back', storageLevel.touchWritesBackCopy),
    caughtBy: ['concurrency/read-racing-destroy'],
  },
  {
    target: storage(
      'consumes flashes by rewriting the record',
      storageLevel.consumesFlashesByRewrite,
    ),
    caughtBy: ['concurrency/read-racing-save'],
  },
  {
    target: storage('takes flashes one by one', storageLevel.takesFlashesOneByOne),
    caughtBy: ['concurrency/flashes-one-reader'],
  },
  {
    target: storage('changes loaded fields in place', storageLevel.mutatesFieldsInPlace),
    caughtBy: ['isolation/loaded-session'],
  },
  {
    target: storage('refuses records over 200 KiB', storageLevel.refusesLargeRecords),
    caughtBy: ['limits/default-max-size'],
  },
  {
    target: wrapped('sanitises ill-formed keys', sanitisesKeys),
    caughtBy: ['limits/ill-formed-keys'],
  },
  {
    target: wrapped('coerces values JSON changes', coercesValues),
    caughtBy: ['limits/unserialisable'],
  },
  {
    target: storage('moves an expired session', storageLevel.movesFromExpired, true),
    caughtBy: ['ttl/regenerate-expired'],
  },
  {
    target: storage('claims a refresh on load', storageLevel.claimsRefreshOnLoad),
    caughtBy: ['ttl/expires-at'],
  },
  {
    target: storage('touch slides half the TTL', storageLevel.touchSlidesHalf),
    caughtBy: ['ttl/partial-refresh'],
  },
  {
    target: storage('saves keep the old expiry', storageLevel.updateKeepsExpiry),
    caughtBy: ['ttl/slow-request'],
  },
  {
    target: storage('rounds the TTL down', storageLevel.createRoundsDown),
    caughtBy: ['ttl/full-ttl'],
  },
  {
    target: storage("ignores a session's lifetime", storageLevel.usesLoadTtl),
    caughtBy: ['ttl/lifetime'],
  },
  {
    target: storage('touch restarts key TTLs', storageLevel.touchRestartsFieldTtls),
    caughtBy: ['ttl/field-while-read'],
  },
  {
    target: storage('ignores key TTLs given by saves', storageLevel.updateIgnoresFieldTtls),
    caughtBy: ['ttl/field-ttl-later'],
  },
  {
    target: {
      ...reference,
      name: 'saves hang on an unreachable server',
      createUnreachableStorage: boundsReadsOnly,
    },
    caughtBy: ['availability/unreachable'],
  },
]

const referenceDriver = referenceDriverTarget('reference', { clock, move: true })

const ownerStorages: readonly BrokenStorage[] = [
  {
    target: storage('lists ended sessions', owners.listsEnded),
    caughtBy: ['owners/list-live', 'owners/revoke-one', 'owners/late-save'],
  },
  {
    target: storage('revoking leaves the records', owners.revokeKeepsRecords),
    caughtBy: ['owners/revoke-one', 'owners/revoke-all', 'owners/every-server'],
  },
  {
    target: storage('serves revoked sessions from a cache', owners.servesRevokedFromCache),
    caughtBy: ['owners/every-server'],
  },
  {
    target: storage('move drops the owner', owners.moveDropsOwner, true),
    caughtBy: ['owners/regenerate'],
  },
  {
    target: storage('drops the owner field', owners.dropsOwnerField),
    caughtBy: ['owners/kept'],
  },
  {
    target: storage('lets a racing login escape revocation', owners.racingLoginEscapes),
    caughtBy: ['owners/login-race'],
  },
  {
    target: {
      ...wrapped('lists without owner support', (inner) => ({
        ...inner,
        capabilities: { fieldTtl: 'native', owners: 'none' },
        listSessions: async () => [],
      })),
      capabilities: { fieldTtl: 'native', owners: 'none' },
    },
    caughtBy: ['owners/unsupported'],
  },
]

const brokenDrivers: readonly BrokenDriver[] = [
  { target: driver('leaks its owner index', owners.leaksIndex), caughtBy: ['owners/bounded'] },
  { target: driver('lists ended sessions', owners.listsEnded), caughtBy: ['owners/expired'] },
  {
    target: driver('revoking leaves the records', owners.revokeKeepsRecords),
    caughtBy: ['owners/revoked'],
  },
  {
    target: driver('move drops the owner', owners.moveDropsOwner, true),
    caughtBy: ['owners/move'],
  },
  {
    target: driver('reports other capabilities', driverLevel.reportsOtherCapabilities),
    caughtBy: ['contract/capabilities'],
  },
  { target: driver('trims values', driverLevel.trimsValues), caughtBy: ['create/stores'] },
  {
    target: driver('create overwrites', driverLevel.createOverwrites),
    caughtBy: ['create/existing'],
  },
  {
    target: driver('create checks, then writes', driverLevel.createChecksThenWrites),
    caughtBy: ['create/concurrent'],
  },
  {
    target: driver('destroy of a missing record throws', driverLevel.destroyOfMissingThrows),
    caughtBy: ['create/after-destroy'],
  },
  {
    target: driver('destroy leaves an empty record', driverLevel.destroyLeavesEmptyRecord),
    caughtBy: ['load/missing'],
  },
  {
    target: driver('load hands out a shared record', driverLevel.loadHandsOutSharedRecord),
    caughtBy: ['load/isolated'],
  },
  {
    target: driver('one flash per load', driverLevel.oneFlashPerLoad),
    caughtBy: ['load/flash-once'],
  },
  {
    target: driver('removes flashes later', driverLevel.removesFlashesLater),
    caughtBy: ['load/flash-concurrent'],
  },
  {
    target: driver('update ignores its ttl', driverLevel.updateIgnoresTtl),
    caughtBy: ['update/patch'],
  },
  {
    target: driver('update upserts', driverLevel.updateUpserts),
    caughtBy: ['update/never-creates'],
  },
  {
    target: driver('touch creates an empty record', driverLevel.touchCreatesEmpty),
    caughtBy: ['touch/never-creates'],
  },
  {
    target: driver('touch does nothing', driverLevel.touchDoesNothing),
    caughtBy: ['touch/restarts'],
  },
  {
    target: driver('move drops field TTLs', driverLevel.moveDropsFieldTtls, true),
    caughtBy: ['move/copies'],
  },
  {
    target: driver('move leaves an empty record', driverLevel.moveLeavesEmptyRecord, true),
    caughtBy: ['move/never-creates'],
  },
  {
    target: driver('update checks, then upserts', driverLevel.updateChecksThenUpserts),
    caughtBy: ['races/update-vs-destroy'],
  },
  {
    target: driver('touch upserts a copy', driverLevel.touchUpsertsCopy),
    caughtBy: ['races/touch-vs-destroy'],
  },
  {
    target: driver('load upserts the rest', driverLevel.loadUpsertsRest),
    caughtBy: ['races/load-vs-destroy'],
  },
  {
    target: driver('touch rewrites a copy', driverLevel.touchRewritesCopy),
    caughtBy: ['races/touch-vs-update'],
  },
  {
    target: driver('load rewrites a copy', driverLevel.loadRewritesCopy),
    caughtBy: ['races/load-vs-update'],
  },
  {
    target: driver('update replaces with a copy', driverLevel.updateReplacesWithCopy),
    caughtBy: ['races/updates'],
  },
  {
    target: driver('move deletes blindly', driverLevel.moveDeletesBlindly, true),
    caughtBy: ['races/move-vs-update'],
  },
  {
    target: driver('move leaves a copy when false', driverLevel.moveLeavesCopyOnFalse, true),
    caughtBy: ['races/move-vs-destroy'],
  },
  {
    target: {
      ...referenceDriver,
      name: 'touch and destroy hang on an unreachable server',
      createUnreachableDriver: async (options) =>
        driverLevel.unboundedTouchAndDestroy(
          await (referenceDriver.createUnreachableDriver?.(options) as ReturnType<
            NonNullable<DriverConformanceTarget['createUnreachableDriver']>
          >),
        ),
    },
    caughtBy: ['availability/unreachable'],
  },
  {
    target: driver('a process listener per record', driverLevel.listenerPerRecord),
    caughtBy: ['lifecycle/close'],
  },
  {
    target: driver('close drops calls in flight', driverLevel.closeDropsCallsInFlight),
    caughtBy: ['lifecycle/close-in-flight'],
  },
  {
    target: driver('update revives expired records', driverLevel.updateRevivesExpired),
    caughtBy: ['expiry/stays-gone'],
  },
  {
    target: driver('reports expiry too late', driverLevel.reportsExpiryTooLate),
    caughtBy: ['expiry/honest'],
  },
  {
    target: driver('touch rounds the TTL down', driverLevel.touchRoundsDown),
    caughtBy: ['expiry/full-ttl'],
  },
  {
    target: {
      ...driver('stamps field expiry only', driverLevel.stampsFieldExpiryOnly),
      capabilities: { fieldTtl: 'emulated' },
    },
    caughtBy: ['field-ttl/expires'],
  },
  {
    target: driver('a rewrite keeps the field expiry', driverLevel.rewriteKeepsFieldExpiry),
    caughtBy: ['field-ttl/cleared'],
  },
]

/** Run `run` and expect it to fail on an assertion of the case (not a crash, not a skip). */
async function expectCaught(kase: CaseInfo, what: string, run: () => Promise<void>) {
  const error = await run().then(
    () => undefined,
    (reason: unknown) => reason,
  )
  expect(error, `${kase.id} must reject for a target that ${what}`).toBeDefined()
  expect(error).toMatchObject({ code: 'ERR_ASSERTION' })
}

describe('the kit catches broken storages', () => {
  for (const { target, caughtBy } of [...brokenStorages, ...ownerStorages]) {
    for (const id of caughtBy) {
      const kase = getConformanceCase(id)
      it(`${target.name}: caught by ${id}`, () =>
        expectCaught(kase, target.name, () => runConformanceCase(kase, target)))
    }
  }
})

describe('the kit catches broken drivers', () => {
  for (const { target, caughtBy } of brokenDrivers) {
    for (const id of caughtBy) {
      const kase = getDriverConformanceCase(id)
      it(`${target.name}: caught by ${id}`, () =>
        expectCaught(kase, target.name, () => runDriverConformanceCase(kase, target)))
    }
  }
})

describe('the reference passes the cases that catch them, in simulated time too', () => {
  const storageCases = new Set(
    [...brokenStorages, ...ownerStorages].flatMap(({ caughtBy }) => caughtBy),
  )
  const withoutOwnerSupport = {
    ...referenceTarget('reference without owners', { clock, move: true, wrap: withoutOwners }),
    capabilities: { fieldTtl: 'native', owners: 'none' },
  } as const
  for (const id of storageCases) {
    it(`storage: ${id}`, () =>
      runConformanceCase(
        getConformanceCase(id),
        id === 'owners/unsupported'
          ? withoutOwnerSupport
          : referenceTarget('reference', { clock, move: true }),
      ))
  }
  const driverCases = new Set(brokenDrivers.flatMap(({ caughtBy }) => caughtBy))
  for (const id of driverCases) {
    it(`driver: ${id}`, () =>
      runDriverConformanceCase(getDriverConformanceCase(id), referenceDriver))
  }
})
