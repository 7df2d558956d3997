import { type CaseContext, type ConformanceCase, lazyCases } from '../case.js'

// The catalogue: every case's id, title and needs, with its function in a module loaded on
// its first run, so that importing the kit stays fast (footprint.test.ts).
const close = lazyCases<CaseContext, typeof import('./close.js')>(
  'lifecycle',
  () => import('./close.js'),
)
const contract = lazyCases<CaseContext, typeof import('./contract.js')>(
  'contract',
  () => import('./contract.js'),
)
const persistence = lazyCases<CaseContext, typeof import('./persistence.js')>(
  'persistence',
  () => import('./persistence.js'),
)
const lifecycle = lazyCases<CaseContext, typeof import('./lifecycle.js')>(
  'lifecycle',
  () => import('./lifecycle.js'),
)
const robustness = lazyCases<CaseContext, typeof import('./robustness.js')>(
  'robustness',
  () => import('./robustness.js'),
)
const concurrency = lazyCases<CaseContext, typeof import('./concurrency.js')>(
  'concurrency',
  () => import('./concurrency.js'),
)
const limits = lazyCases<CaseContext, typeof import('./limits.js')>(
  'limits',
  () => import('./limits.js'),
)
const isolation = lazyCases<CaseContext, typeof import('./isolation.js')>(
  'isolation',
  () => import('./isolation.js'),
)
const availability = lazyCases<CaseContext, typeof import('./availability.js')>(
  'availability',
  () => import('./availability.js'),
)
const ttl = lazyCases<CaseContext, typeof import('./ttl.js')>('ttl', () => import('./ttl.js'))
const owners = lazyCases<CaseContext, typeof import('./owners.js')>(
  'owners',
  () => import('./owners.js'),
)

/**
 * Every storage conformance case, in the order the suite lists them (those that run alone are
 * moved first when planned).
 */
export const conformanceCases: readonly ConformanceCase[] = [
  close('close', 'close() releases every socket and timer', (m) => m.closeReleasesResources, {
    kind: 'exclusive',
  }),
  close(
    'close-many',
    'close() after 1000 sessions leaves nothing per session',
    (m) => m.closeReleasesPerSessionResources,
    { kind: 'exclusive' },
  ),
  contract('capabilities', 'reports its capabilities', (m) => m.reportsCapabilities),
  contract('ttl', 'reports its session TTL', (m) => m.reportsTtl),
  contract('field-ttl', 'per-key TTLs work as its capabilities say', (m) => m.fieldTtlAsReported),
  persistence(
    'json-types',
    'stores every JSON type and unicode exactly',
    (m) => m.persistsEveryJsonType,
  ),
  persistence('large-values', 'stores a 100 KiB value', (m) => m.persistsLargeValues),
  persistence(
    'unusual-keys',
    'stores keys and values with protocol characters',
    (m) => m.persistsUnusualKeys,
  ),
  persistence(
    'unescaped-keys',
    'stores key names JSON does not escape, and constructor',
    (m) => m.persistsKeysJsonDoesNotEscape,
  ),
  persistence('merge', 'a save patches the stored session', (m) => m.updatesMergeIntoStoredSession),
  lifecycle('unset', 'unset() removes a key; has() tells', (m) => m.unsetRemovesKeys),
  lifecycle('flash-once', 'a flash is seen by the next read only', (m) => m.flashIsReadOnce),
  lifecycle(
    'flashes',
    'several flashes are each seen by one read',
    (m) => m.severalFlashesAreReadOnce,
  ),
  lifecycle(
    'destroy',
    "destroy() saves as '' and removes the data",
    (m) => m.destroyRemovesSession,
  ),
  lifecycle(
    'regenerate',
    'regenerateId() moves the data; the old id is gone',
    (m) => m.regenerateIdMovesData,
  ),
  lifecycle(
    'regenerate-destroyed',
    'regenerating a destroyed session stores nothing',
    (m) => m.regenerateDestroyedStoresNothing,
  ),
  lifecycle(
    'regenerate-keep-old',
    'regenerateId({ deleteOld: false }) keeps the old id',
    (m) => m.regenerateIdCanKeepOld,
  ),
  lifecycle(
    'untouched-new',
    'an untouched new session is not saved (null)',
    (m) => m.untouchedNewSessionIsNotSaved,
  ),
  lifecycle(
    'unchanged-not-written',
    'an unchanged loaded session is not written',
    (m) => m.unchangedSessionIsNotWritten,
  ),
  lifecycle('save-twice', 'a second save with no change resolves null', (m) => m.saveIsIdempotent),
  robustness('unknown-id', 'an unknown id gets a new id', (m) => m.unknownIdGetsNewId),
  robustness(
    'malformed-ids',
    'malformed cookie values never throw and get a new id',
    (m) => m.malformedIdsGetNewId,
  ),
  robustness('distinct-ids', 'new sessions get distinct ids', (m) => m.newSessionsGetDistinctIds),
  concurrency(
    'distinct-fields',
    '50 concurrent saves of distinct keys all persist',
    (m) => m.concurrentSavesAllPersist,
  ),
  concurrency(
    'save-after-destroy',
    'a save after a concurrent destroy does not resurrect',
    (m) => m.saveAfterDestroyDoesNotResurrect,
  ),
  concurrency(
    'save-racing-destroy',
    'a save racing a destroy, either first, does not resurrect',
    (m) => m.saveRacingDestroyDoesNotResurrect,
  ),
  concurrency(
    'unset-racing-set',
    'an unset racing a set: both apply',
    (m) => m.unsetRacingSetBothApply,
  ),
  concurrency(
    'read-racing-destroy',
    'a read racing a destroy does not resurrect',
    (m) => m.readRacingDestroyDoesNotResurrect,
    { kind: 'timed' },
  ),
  concurrency(
    'read-racing-save',
    'a read racing a save does not undo it',
    (m) => m.readRacingSaveKeepsTheSave,
    { kind: 'timed' },
  ),
  concurrency(
    'save-after-regenerate',
    'a save to an id moved by regenerateId() does not resurrect it',
    (m) => m.saveAfterRegenerateDoesNotResurrect,
  ),
  concurrency(
    'flash-one-reader',
    'a flash goes to exactly one of concurrent reads',
    (m) => m.flashGoesToOneConcurrentReader,
  ),
  concurrency(
    'flashes-one-reader',
    'several flashes go together to one of concurrent reads',
    (m) => m.flashesGoTogetherToOneReader,
  ),
  limits(
    'max-size',
    'a save over maxSize rejects and keeps the old data',
    (m) => m.oversizedSaveIsRejected,
  ),
  limits(
    'default-max-size',
    'a session of the default maxSize (256 KiB) is stored, a byte more refused',
    (m) => m.defaultMaxSizeIsUsable,
  ),
  limits(
    'ill-formed-keys',
    'keys that are not well-formed Unicode are refused',
    (m) => m.illFormedKeysAreRefused,
  ),
  limits(
    'unserialisable',
    'values JSON cannot store are refused, naming the key',
    (m) => m.unserialisableValuesAreRefused,
  ),
  isolation('prefixes', 'storages with different prefixes are isolated', (m) => m.prefixesIsolate),
  isolation(
    'sessions',
    'sessions of one storage keep their own data',
    (m) => m.sessionsAreIndependent,
  ),
  isolation(
    'loaded-session',
    'a loaded session does not change when others save',
    (m) => m.loadedSessionIsIsolated,
  ),
  availability(
    'unreachable',
    'every operation on an unreachable server fails within the 1000 ms timeout',
    (m) => m.unreachableFailsFast,
    { needs: ['unreachable'] },
  ),
  ttl('session-expiry', 'a session expires after its TTL', (m) => m.sessionExpires, {
    kind: 'timed',
  }),
  ttl('sliding', 'reads slide the session TTL', (m) => m.readsSlideTtl, { kind: 'timed' }),
  ttl(
    'expired-stays-gone',
    'a save into an expired session does not resurrect it',
    (m) => m.expiredSessionIsNotResurrected,
    { kind: 'timed' },
  ),
  ttl(
    'regenerate-expired',
    'regenerating an expired session stores nothing',
    (m) => m.regenerateExpiredStoresNothing,
    { kind: 'timed' },
  ),
  ttl('expires-at', 'session.expiresAt tells when it really expires', (m) => m.expiresAtIsHonest, {
    kind: 'timed',
  }),
  ttl(
    'partial-refresh',
    'a refresh after refreshAfter restarts the whole TTL',
    (m) => m.partialRefreshIsHonest,
    { kind: 'timed' },
  ),
  ttl(
    'slow-request',
    'a save restarts the TTL from its own time, not the read',
    (m) => m.saveRestartsTtlFromItsOwnTime,
    { kind: 'timed' },
  ),
  ttl('full-ttl', 'a session lives its whole TTL (not rounded down)', (m) => m.fullTtlIsKept, {
    kind: 'timed',
  }),
  ttl(
    'lifetime',
    "setLifetime() is the session's TTL in the store",
    (m) => m.sessionLifetimeIsKept,
    { kind: 'timed' },
  ),
  ttl('field-expiry', 'a key with a TTL expires; other keys stay', (m) => m.fieldExpires, {
    kind: 'timed',
    needs: ['fieldTtl'],
  }),
  ttl('field-while-read', 'reads do not extend a key TTL', (m) => m.fieldTtlRunsWhileRead, {
    kind: 'timed',
    needs: ['fieldTtl'],
  }),
  ttl('field-ttl-later', 'a key TTL given by a later save expires', (m) => m.laterFieldTtlExpires, {
    kind: 'timed',
    needs: ['fieldTtl'],
  }),
  ttl('field-only', 'a session outlives its expired keys', (m) => m.sessionOutlivesItsFields, {
    kind: 'timed',
    needs: ['fieldTtl'],
  }),
  ttl(
    'field-ttl-reported',
    'session.ttl(key) reports the seconds left',
    (m) => m.fieldTtlIsReported,
    { needs: ['fieldTtl'] },
  ),
  ttl(
    'field-ttl-cleared',
    'setting a key again without ttl makes it permanent',
    (m) => m.fieldTtlIsCleared,
    { kind: 'timed', needs: ['fieldTtl'] },
  ),
  owners('kept', 'a session keeps its owner; bad owners are refused', (m) => m.ownerIsKept),
  owners(
    'unsupported',
    'without owner support, listing and revoking are refused',
    (m) => m.unsupportedIsRefused,
    { needs: ['noOwners'] },
  ),
  owners('list', "lists the owner's live sessions with their details", (m) => m.listsOwnSessions, {
    needs: ['ownerList'],
  }),
  owners('list-live', 'lists no expired or destroyed session', (m) => m.listsLiveOnly, {
    kind: 'timed',
    needs: ['ownerList'],
  }),
  owners(
    'revoke-one',
    'revokes one session by its handle, for its owner only',
    (m) => m.revokesOne,
    {
      needs: ['ownerList'],
    },
  ),
  owners('revoke-all', 'revokes all sessions of an owner, except one', (m) => m.revokesAll, {
    needs: ['ownerRevoke'],
  }),
  owners(
    'every-server',
    'a revoked session is gone on its next request on another app server',
    (m) => m.revokedOnEveryServer,
    { needs: ['ownerRevoke'] },
  ),
  owners(
    'late-save',
    'a late save never brings a revoked session back',
    (m) => m.lateSaveStaysRevoked,
    { needs: ['ownerRevoke'] },
  ),
  owners(
    'regenerate',
    'regenerateId keeps the owner and the index in step',
    (m) => m.regenerateKeepsOwner,
    { needs: ['ownerRevoke'] },
  ),
  owners(
    'login-race',
    'a login racing a log-out-everywhere is gone, or listed and revocable',
    (m) => m.loginRaceIsRevocable,
    { needs: ['ownerRevoke'] },
  ),
]

/** The case with this id; throws for an unknown id. */
export function getConformanceCase(id: string): ConformanceCase {
  const found = conformanceCases.find((kase) => kase.id === id)
  if (!found) throw new Error(`No conformance case "${id}"`)
  return found
}
