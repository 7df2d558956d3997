import assert from 'node:assert/strict'

/**
 * Fail, saying what to do, when a case about per-key TTLs meets a backend that reports
 * `fieldTtl: 'none'` without the target declaring it (declared, the case is skipped).
 */
export function assertFieldTtlSupported(capabilities: { readonly fieldTtl: string }): void {
  assert.notEqual(
    capabilities.fieldTtl,
    'none',
    "this backend reports capabilities.fieldTtl 'none': declare it in the target's capabilities so that the per-key TTL cases are skipped",
  )
}
