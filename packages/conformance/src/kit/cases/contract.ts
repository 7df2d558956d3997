import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { assertThrowsSessionError } from '../support/session-errors.js'
import { createStored, readStored, saveStored } from '../support/sessions.js'

const FIELD_TTL_SUPPORT = ['native', 'emulated', 'none']

/** The storage reports well-formed capabilities, and the ones the target declares. */
export async function reportsCapabilities({ open, target }: CaseContext): Promise<void> {
  const storage = await open()
  // Capabilities may be settled by the first round trip (server feature detection).
  await readStored(storage, await createStored(storage, { a: 1 }), 'reading a saved session')
  const actual = storage.capabilities
  assert.ok(
    FIELD_TTL_SUPPORT.includes(actual.fieldTtl),
    `capabilities.fieldTtl must be 'native', 'emulated' or 'none', got ${JSON.stringify(actual.fieldTtl)}`,
  )
  assert.equal(
    actual.owners ?? 'none',
    target.capabilities?.owners ?? 'none',
    'capabilities.owners must be as declared (an undeclared owner support is never tested)',
  )
  for (const [name, expected] of Object.entries(target.capabilities ?? {})) {
    assert.deepEqual(
      actual[name as keyof typeof actual],
      expected,
      `capabilities.${name} must be ${JSON.stringify(expected)} as declared`,
    )
  }
}

/** `storage.ttl` is the session TTL it was given, and a positive whole number by default. */
export async function reportsTtl({ open }: CaseContext): Promise<void> {
  const configured = await open({ ttl: 1234 })
  assert.equal(configured.ttl, 1234, 'storage.ttl must be the ttl option')
  const defaulted = await open()
  assert.ok(
    Number.isSafeInteger(defaulted.ttl) && defaulted.ttl > 0,
    `storage.ttl must default to a whole number of seconds > 0, got ${defaulted.ttl}`,
  )
}

/**
 * Per-key TTLs are as the capabilities say: with `fieldTtl: 'none'`, `set(key, value, { ttl })`
 * is refused with SessionDataError before anything is stored (keys without a TTL work); with
 * 'native' or 'emulated', a key TTL is stored and reported.
 */
export async function fieldTtlAsReported({ open }: CaseContext): Promise<void> {
  const storage = await open()
  await storage.ready()
  const session = await storage.read(null)
  session.set('plain', 1)
  if (storage.capabilities.fieldTtl === 'none') {
    assertThrowsSessionError(
      () => session.set('timed', 2, { ttl: 60 }),
      'SESSION_DATA',
      "set(key, value, { ttl }) on a storage with fieldTtl 'none'",
    )
  } else session.set('timed', 2, { ttl: 60 })
  const cookie = await saveStored(storage, session, 'saving')
  const read = await readStored(storage, cookie, 'reading it back')
  if (storage.capabilities.fieldTtl === 'none') {
    assert.deepStrictEqual(read.keys(), ['plain'], 'only the key without a TTL was stored')
  } else {
    const left = read.ttl('timed')
    assert.ok(left !== undefined && left > 50 && left <= 60, `ttl("timed") ~60 s, got ${left}`)
  }
}
