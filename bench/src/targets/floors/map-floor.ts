import type { TargetDefinition } from '../target.js'
import { blobFloorTarget } from './blob-floor.js'

interface Entry {
  json: string
  expiresAt: number
}

/**
 * A `Map` of JSON strings with an expiry time: JSON.parse on every read, JSON.stringify on
 * every write, so a returned value never aliases the stored one (the copy isolation a memory
 * store must keep).
 */
export const MAP_FLOOR: TargetDefinition = {
  name: 'floor-map-json',
  label: 'floor: Map + JSON copy',
  family: 'memory',
  kind: 'floor',
  async open(options) {
    const map = new Map<string, Entry>()
    const live = (key: string) => {
      const entry = map.get(key)
      if (entry && entry.expiresAt <= Date.now()) {
        map.delete(key)
        return undefined
      }
      return entry
    }
    const client = {
      async getAndTouch(key: string, ttl: number) {
        const entry = live(key)
        if (!entry) return null
        entry.expiresAt = Date.now() + ttl * 1000
        return entry.json
      },
      get: async (key: string) => live(key)?.json ?? null,
      async set(key: string, json: string, ttl: number) {
        map.set(key, { json, expiresAt: Date.now() + ttl * 1000 })
      },
      async add(key: string, json: string, ttl: number) {
        if (live(key)) return false
        map.set(key, { json, expiresAt: Date.now() + ttl * 1000 })
        return true
      },
      async delete(key: string) {
        map.delete(key)
      },
      async close() {
        map.clear()
      },
    }
    return blobFloorTarget(client, options.prefix, options.fields, options.ttl, 'floor-map-json')
  },
}
