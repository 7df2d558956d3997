import type { SessionDriver, StoredField } from '../src/storage/driver.js'

/** A minimal in-memory driver with no TTLs, counting the calls core makes to it. */
export function mapDriver() {
  const records = new Map<string, Map<string, StoredField>>()
  let calls = 0
  const driver: SessionDriver = {
    capabilities: { fieldTtl: 'native' },
    async load(id) {
      calls++
      const fields = records.get(id)
      return fields ? { fields: new Map(fields), expiresAt: Date.now() + 60_000 } : null
    },
    async create(id, fields) {
      calls++
      if (records.has(id)) return false
      records.set(id, new Map(Object.entries(fields).map(([k, f]) => [k, { value: f.value }])))
      return true
    },
    async update(id, patch) {
      calls++
      const fields = records.get(id)
      if (!fields) return false
      for (const name of patch.unset) fields.delete(name)
      for (const [name, f] of Object.entries(patch.set)) fields.set(name, { value: f.value })
      return true
    },
    async touch(id) {
      calls++
      return records.has(id)
    },
    async destroy(id) {
      calls++
      records.delete(id)
    },
    async close() {},
  }
  return { driver, records, calls: () => calls }
}
