import { lazyCases } from '../case.js'
import type { DriverCaseContext, DriverConformanceCase } from '../driver-case.js'

// The catalogue: every case's id, title and needs, with its function in a module loaded on
// its first run, so that importing the kit stays fast (footprint.test.ts).
const close = lazyCases<DriverCaseContext, typeof import('./close.js')>(
  'lifecycle',
  () => import('./close.js'),
)
const contract = lazyCases<DriverCaseContext, typeof import('./contract.js')>(
  'contract',
  () => import('./contract.js'),
)
const create = lazyCases<DriverCaseContext, typeof import('./create.js')>(
  'create',
  () => import('./create.js'),
)
const load = lazyCases<DriverCaseContext, typeof import('./load.js')>(
  'load',
  () => import('./load.js'),
)
const update = lazyCases<DriverCaseContext, typeof import('./update.js')>(
  'update',
  () => import('./update.js'),
)
const touch = lazyCases<DriverCaseContext, typeof import('./touch.js')>(
  'touch',
  () => import('./touch.js'),
)
const move = lazyCases<DriverCaseContext, typeof import('./move.js')>(
  'move',
  () => import('./move.js'),
)
const races = lazyCases<DriverCaseContext, typeof import('./races.js')>(
  'races',
  () => import('./races.js'),
)
const availability = lazyCases<DriverCaseContext, typeof import('./availability.js')>(
  'availability',
  () => import('./availability.js'),
)
const expiry = lazyCases<DriverCaseContext, typeof import('./expiry.js')>(
  'expiry',
  () => import('./expiry.js'),
)
const fieldTtl = lazyCases<DriverCaseContext, typeof import('./field-ttl.js')>(
  'field-ttl',
  () => import('./field-ttl.js'),
)

const owners = lazyCases<DriverCaseContext, typeof import('./owners.js')>(
  'owners',
  () => import('./owners.js'),
)

/**
 * Every driver conformance case, in the order the suite lists them (those that run alone are
 * moved first when planned).
 */
export const driverConformanceCases: readonly DriverConformanceCase[] = [
  close(
    'close',
    'close() after 1000 records releases everything',
    (m) => m.closeReleasesEverything,
    { kind: 'exclusive' },
  ),
  close(
    'close-in-flight',
    'close() leaves no call in flight hanging',
    (m) => m.closeSettlesCallsInFlight,
  ),
  contract('capabilities', 'reports its capabilities', (m) => m.reportsCapabilities),
  create('stores', 'create() stores every field verbatim', (m) => m.createStoresFields),
  create(
    'existing',
    'create() of an existing id resolves false and writes nothing',
    (m) => m.createDoesNotOverwrite,
  ),
  create(
    'concurrent',
    'of concurrent creates of one id exactly one wins',
    (m) => m.concurrentCreatesOneWins,
  ),
  create('after-destroy', 'create() after destroy() starts afresh', (m) => m.createAfterDestroy),
  load('missing', 'load() of a missing record resolves null', (m) => m.loadMissingIsNull),
  load('isolated', 'what load() returned never changes afterwards', (m) => m.loadResultIsIsolated),
  load(
    'flash-once',
    'load() returns and removes flash fields, each once',
    (m) => m.flashesAreLoadedOnce,
  ),
  load(
    'flash-concurrent',
    'of concurrent loads one gets all the flashes',
    (m) => m.flashesGoToOneConcurrentLoad,
  ),
  update('patch', 'update() applies the patch and restarts the TTL', (m) => m.updateAppliesPatch),
  update(
    'never-creates',
    'update() of a missing record resolves false, creating nothing',
    (m) => m.updateNeverCreates,
  ),
  touch(
    'never-creates',
    'touch() of a missing record resolves false, creating nothing',
    (m) => m.touchNeverCreates,
  ),
  touch(
    'restarts',
    'touch() restarts the TTL, keeps fields and their TTLs',
    (m) => m.touchRestartsTtl,
    { kind: 'timed' },
  ),
  move('copies', 'move() copies the fields, patched, to the new id', (m) => m.moveCopiesRecord),
  move(
    'never-creates',
    'move() of a missing record resolves false, writing nothing',
    (m) => m.moveNeverCreates,
  ),
  races(
    'update-vs-destroy',
    'update() racing destroy() does not resurrect',
    (m) => m.updateRacingDestroy,
  ),
  races(
    'touch-vs-destroy',
    'touch() racing destroy() does not resurrect',
    (m) => m.touchRacingDestroy,
  ),
  races(
    'load-vs-destroy',
    'load() racing destroy() does not resurrect',
    (m) => m.loadRacingDestroy,
  ),
  races('touch-vs-update', 'touch() racing update() does not undo it', (m) => m.touchRacingUpdate),
  races(
    'load-vs-update',
    'a flash-consuming load() racing update() does not undo it',
    (m) => m.loadRacingUpdate,
  ),
  races('updates', '50 concurrent updates all apply', (m) => m.concurrentUpdatesAllApply),
  races('move-vs-update', 'an update racing move() is not lost', (m) => m.moveRacingUpdateKeepsIt),
  races(
    'move-vs-destroy',
    'move() racing destroy() is all or nothing',
    (m) => m.moveRacingDestroyIsConsistent,
  ),
  availability(
    'unreachable',
    "every call on an unreachable server fails within the driver's 1000 ms timeout",
    (m) => m.unreachableDriverFailsFast,
    { needs: ['unreachable'] },
  ),
  expiry(
    'stays-gone',
    'an expired record stays gone; no call but create brings it back',
    (m) => m.expiredRecordStaysGone,
    { kind: 'timed' },
  ),
  expiry(
    'honest',
    'load() reports when the record really expires',
    (m) => m.loadExpiresAtIsHonest,
    { kind: 'timed' },
  ),
  expiry('full-ttl', 'a record lives its whole TTL (not rounded down)', (m) => m.fullTtlIsKept, {
    kind: 'timed',
  }),
  fieldTtl(
    'expires',
    'load() never returns a field past its TTL',
    (m) => m.expiredFieldsAreNotReturned,
    { kind: 'timed', needs: ['fieldTtl'] },
  ),
  fieldTtl(
    'cleared',
    'a field written again without TTL stays',
    (m) => m.rewrittenFieldKeepsNoTtl,
    { kind: 'timed', needs: ['fieldTtl'] },
  ),
  owners(
    'bounded',
    '10,000 logins and logouts leave an index no larger than the live sessions',
    (m) => m.indexStaysBounded,
    // 30,000 and more commands on a server backend: run alone, not beside the timed cases.
    { kind: 'exclusive', needs: ['ownerList'] },
  ),
  owners(
    'expired',
    'expired sessions are never listed and leave the index',
    (m) => m.indexDropsExpired,
    {
      kind: 'timed',
      needs: ['ownerList'],
    },
  ),
  owners(
    'revoked',
    'a revoked record stays gone, whatever writes come late',
    (m) => m.revokedStaysGone,
    {
      needs: ['ownerRevoke'],
    },
  ),
  owners('move', 'move() carries the owner to the new id', (m) => m.moveCarriesOwner, {
    needs: ['ownerList'],
  }),
]

/** The driver case with this id; throws for an unknown id. */
export function getDriverConformanceCase(id: string): DriverConformanceCase {
  const found = driverConformanceCases.find((kase) => kase.id === id)
  if (!found) throw new Error(`No driver conformance case "${id}"`)
  return found
}
