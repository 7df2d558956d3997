import { type ConformanceCase, defineCase } from '../case.js'
import { UNREACHABLE_TIMEOUT_MS, unreachableFailsFast } from './availability.js'
import { closeReleasesResources } from './close.js'
import {
  concurrentSavesAllPersist,
  flashGoesToOneConcurrentReader,
  saveAfterDestroyDoesNotResurrect,
  saveAfterRegenerateDoesNotResurrect,
  saveRacingDestroyDoesNotResurrect,
} from './concurrency.js'
import { reportsCapabilities, reportsTtl } from './contract.js'
import { prefixesIsolate, sessionsAreIndependent } from './isolation.js'
import {
  destroyRemovesSession,
  flashIsReadOnce,
  regenerateIdCanKeepOld,
  regenerateIdMovesData,
  saveIsIdempotent,
  unchangedSessionIsNotWritten,
  unsetRemovesKeys,
  untouchedNewSessionIsNotSaved,
} from './lifecycle.js'
import { oversizedSaveIsRejected, unserialisableValuesAreRefused } from './limits.js'
import {
  persistsEveryJsonType,
  persistsLargeValues,
  persistsUnusualKeys,
  updatesMergeIntoStoredSession,
} from './persistence.js'
import {
  malformedIdsGetNewId,
  newSessionsGetDistinctIds,
  unknownIdGetsNewId,
} from './robustness.js'
import {
  expiredSessionIsNotResurrected,
  fieldExpires,
  fieldTtlIsCleared,
  fieldTtlIsReported,
  readsSlideTtl,
  sessionExpires,
  sessionOutlivesItsFields,
} from './ttl.js'

const timed = { kind: 'timed' } as const

/** Every conformance case, in the order the suite lists them. */
export const conformanceCases: readonly ConformanceCase[] = [
  defineCase(
    'lifecycle',
    'close',
    'close() releases every socket and timer',
    closeReleasesResources,
    {
      kind: 'exclusive',
    },
  ),
  defineCase('contract', 'capabilities', 'reports its capabilities', reportsCapabilities),
  defineCase('contract', 'ttl', 'reports its session TTL', reportsTtl),
  defineCase(
    'persistence',
    'json-types',
    'stores every JSON type and unicode exactly',
    persistsEveryJsonType,
  ),
  defineCase('persistence', 'large-values', 'stores a 100 KiB value', persistsLargeValues),
  defineCase(
    'persistence',
    'unusual-keys',
    'stores keys and values with protocol characters',
    persistsUnusualKeys,
  ),
  defineCase(
    'persistence',
    'merge',
    'a save patches the stored session',
    updatesMergeIntoStoredSession,
  ),
  defineCase('lifecycle', 'unset', 'unset() removes a key; has() tells', unsetRemovesKeys),
  defineCase('lifecycle', 'flash-once', 'a flash is seen by the next read only', flashIsReadOnce),
  defineCase(
    'lifecycle',
    'destroy',
    "destroy() saves as '' and removes the data",
    destroyRemovesSession,
  ),
  defineCase(
    'lifecycle',
    'regenerate',
    'regenerateId() moves the data; the old id is gone',
    regenerateIdMovesData,
  ),
  defineCase(
    'lifecycle',
    'regenerate-keep-old',
    'regenerateId({ deleteOld: false }) keeps the old id',
    regenerateIdCanKeepOld,
  ),
  defineCase(
    'lifecycle',
    'untouched-new',
    'an untouched new session is not saved (null)',
    untouchedNewSessionIsNotSaved,
  ),
  defineCase(
    'lifecycle',
    'unchanged-not-written',
    'an unchanged loaded session is not written',
    unchangedSessionIsNotWritten,
  ),
  defineCase(
    'lifecycle',
    'save-twice',
    'a second save with no change resolves null',
    saveIsIdempotent,
  ),
  defineCase('robustness', 'unknown-id', 'an unknown id gets a new id', unknownIdGetsNewId),
  defineCase(
    'robustness',
    'malformed-ids',
    'malformed cookie values never throw and get a new id',
    malformedIdsGetNewId,
  ),
  defineCase(
    'robustness',
    'distinct-ids',
    'new sessions get distinct ids',
    newSessionsGetDistinctIds,
  ),
  defineCase(
    'concurrency',
    'distinct-fields',
    '50 concurrent saves of distinct keys all persist',
    concurrentSavesAllPersist,
  ),
  defineCase(
    'concurrency',
    'save-after-destroy',
    'a save after a concurrent destroy does not resurrect',
    saveAfterDestroyDoesNotResurrect,
  ),
  defineCase(
    'concurrency',
    'save-racing-destroy',
    'saves racing a destroy do not resurrect',
    saveRacingDestroyDoesNotResurrect,
  ),
  defineCase(
    'concurrency',
    'save-after-regenerate',
    'a save to an id moved by regenerateId() does not resurrect it',
    saveAfterRegenerateDoesNotResurrect,
  ),
  defineCase(
    'concurrency',
    'flash-one-reader',
    'a flash goes to exactly one of concurrent reads',
    flashGoesToOneConcurrentReader,
  ),
  defineCase(
    'limits',
    'max-size',
    'a save over maxSize rejects and keeps the old data',
    oversizedSaveIsRejected,
  ),
  defineCase(
    'limits',
    'unserialisable',
    'values JSON cannot store are refused, naming the key',
    unserialisableValuesAreRefused,
  ),
  defineCase(
    'isolation',
    'prefixes',
    'storages with different prefixes are isolated',
    prefixesIsolate,
  ),
  defineCase(
    'isolation',
    'sessions',
    'sessions of one storage keep their own data',
    sessionsAreIndependent,
  ),
  defineCase(
    'availability',
    'unreachable',
    `an unreachable server fails within the ${UNREACHABLE_TIMEOUT_MS} ms timeout`,
    unreachableFailsFast,
    {
      needsUnreachable: true,
    },
  ),
  defineCase('ttl', 'session-expiry', 'a session expires after its TTL', sessionExpires, timed),
  defineCase('ttl', 'sliding', 'reads slide the session TTL', readsSlideTtl, timed),
  defineCase(
    'ttl',
    'expired-stays-gone',
    'a save into an expired session does not resurrect it',
    expiredSessionIsNotResurrected,
    timed,
  ),
  defineCase(
    'ttl',
    'field-expiry',
    'a key with a TTL expires; other keys stay',
    fieldExpires,
    timed,
  ),
  defineCase(
    'ttl',
    'field-only',
    'a session outlives its expired keys',
    sessionOutlivesItsFields,
    timed,
  ),
  defineCase(
    'ttl',
    'field-ttl-reported',
    'session.ttl(key) reports the seconds left',
    fieldTtlIsReported,
  ),
  defineCase(
    'ttl',
    'field-ttl-cleared',
    'setting a key again without ttl makes it permanent',
    fieldTtlIsCleared,
    timed,
  ),
]

/** The case with this id; throws for an unknown id. */
export function getConformanceCase(id: string): ConformanceCase {
  const found = conformanceCases.find((kase) => kase.id === id)
  if (!found) throw new Error(`No conformance case "${id}"`)
  return found
}
