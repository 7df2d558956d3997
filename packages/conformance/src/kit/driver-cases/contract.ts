import assert from 'node:assert/strict'
import type { DriverCaseContext } from '../driver-case.js'
import { createRecord, newStorageId, plainWrites } from '../support/records.js'

const FIELD_TTL_SUPPORT = ['native', 'emulated', 'none']

/** The driver reports well-formed capabilities, and the ones the target declares. */
export async function reportsCapabilities({ open, target }: DriverCaseContext): Promise<void> {
  const driver = await open()
  await createRecord(driver, newStorageId(), plainWrites({ a: '1' }), 60)
  const actual = driver.capabilities
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
