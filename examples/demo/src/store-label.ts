import type { SessionStorageCapabilities } from '@sessionkit/core'

/** A store URL fit for display and logs: credentials and query (which may hold them) removed. */
export function describeStore(url: string): string {
  return url.replace(/\/\/[^@/?#]*@/, '//').replace(/[?#].*$/, '')
}

/** One line on what the store's `fieldTtl` capability means for per-key TTL. */
export function explainFieldTtl(fieldTtl: SessionStorageCapabilities['fieldTtl']): string {
  switch (fieldTtl) {
    case 'native':
      return (
        'native: the store itself deletes a key when its TTL runs out (Redis 7.4+ and Valkey 9 with HEXPIRE, the memory store).' +
        ' The app sees the same per-key TTL either way.'
      )
    case 'emulated':
      return (
        'emulated: the store cannot expire one key of a session, so sessionkit keeps each key’s expiry time beside it and treats the key as gone once that time has passed (memcached, older Redis and Valkey).' +
        ' The app sees the same per-key TTL either way.'
      )
    case 'none':
      return 'none: this store cannot expire single keys, so per-key TTL is refused.'
  }
}
