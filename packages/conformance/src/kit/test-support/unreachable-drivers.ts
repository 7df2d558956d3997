import type { SessionDriver } from '@sessionkit/core/driver'

/** A driver whose server never answers: every call stays pending forever. */
export function createSilentDriver(): SessionDriver {
  const never = () => new Promise<never>(() => {})
  return {
    capabilities: { fieldTtl: 'native' },
    load: never,
    create: never,
    update: never,
    touch: never,
    destroy: never,
    async close() {},
  }
}

/**
 * A driver whose server never answers but that bounds its own waits, as drivers must: every
 * call rejects after `timeout` ms with a plain Error (core wraps it as unavailable).
 */
export function createTimingOutDriver(timeout: number): SessionDriver {
  const pending = new Set<NodeJS.Timeout>()
  const fail = () =>
    new Promise<never>((_, reject) => {
      const timer = setTimeout(() => {
        pending.delete(timer)
        reject(new Error(`no answer within ${timeout} ms`))
      }, timeout)
      pending.add(timer)
    })
  return {
    capabilities: { fieldTtl: 'native' },
    load: fail,
    create: fail,
    update: fail,
    touch: fail,
    destroy: fail,
    move: fail,
    async close() {
      for (const timer of pending) clearTimeout(timer)
      pending.clear()
    },
  }
}
