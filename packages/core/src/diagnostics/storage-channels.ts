import { type TracingChannel, tracingChannel } from 'node:diagnostics_channel'
import { performance } from 'node:perf_hooks'

/** A storage operation that reaches the store, as the tracing channels report it. */
export type StorageOperation = 'read' | 'save' | 'destroy' | 'regenerate'

/**
 * How a storage operation ended:
 * - `found` / `missing`: a read loaded the session / found none (unknown, expired or gone while
 *   its TTL was being refreshed), so the app gets a new session;
 * - `created` / `updated`: a save stored a new session / applied changes to a stored one;
 * - `regenerated`: the session moved to a new id;
 * - `destroyed`: the session was removed;
 * - `gone`: a save or regenerate found its stored session gone (expired or destroyed
 *   meanwhile), so the cookie is cleared;
 * - `error`: the operation failed; `error` says why.
 */
export type StorageOutcome =
  | 'found'
  | 'missing'
  | 'created'
  | 'updated'
  | 'regenerated'
  | 'destroyed'
  | 'gone'
  | 'error'

/**
 * The object every event of one storage operation carries (the same object from `start` to
 * `asyncEnd`). It never holds a session id, a storage id, a cookie or session data.
 */
export interface StorageOperationContext {
  /** The backend's name (`memory`, `redis`, `memcache`; a driver's own `name`, else `custom`). */
  readonly backend: string
  readonly operation: StorageOperation
  /** `performance.now()` when the operation started. */
  readonly startTime: number
  /** Milliseconds the operation took; set before `error` and `asyncStart` are published. */
  readonly duration: number | undefined
  /** How it ended; set before `error` and `asyncStart` are published. */
  readonly outcome: StorageOutcome | undefined
  /** What it failed with (the error the caller gets), on the `error` event and after. */
  readonly error: unknown
}

/**
 * Names of the `node:diagnostics_channel` tracing channels of storage operations: pass one to
 * `tracingChannel(name)`, or subscribe to `tracing:${name}:start` (and `:end`, `:asyncStart`,
 * `:asyncEnd`, `:error`) with `subscribe`.
 */
export const STORAGE_CHANNELS = {
  read: 'sessionkit:storage:read',
  save: 'sessionkit:storage:save',
  destroy: 'sessionkit:storage:destroy',
  regenerate: 'sessionkit:storage:regenerate',
} as const satisfies Record<StorageOperation, string>

/** A storage operation's tracing channel. */
export type StorageTracingChannel = TracingChannel<unknown, StorageOperationContext>

/** The tracing channel of each operation (Node shares the underlying channels by name). */
export const storageChannels: Readonly<Record<StorageOperation, StorageTracingChannel>> = {
  read: tracingChannel(STORAGE_CHANNELS.read),
  save: tracingChannel(STORAGE_CHANNELS.save),
  destroy: tracingChannel(STORAGE_CHANNELS.destroy),
  regenerate: tracingChannel(STORAGE_CHANNELS.regenerate),
}

type MutableContext = { -readonly [K in keyof StorageOperationContext]: StorageOperationContext[K] }

/**
 * Run `operation` (which returns a promise) publishing the TracingChannel events of
 * `channel` around it, as `TracingChannel.tracePromise` does: `start` (with the channel's
 * stores entered), `end` once the call returned, then `error` on failure, `asyncStart` and
 * `asyncEnd` once it settled. Unlike `tracePromise` the result is never put on the context (it
 * holds the session): `outcomeOf` turns it into an outcome. Call it only when
 * `channel.hasSubscribers`, so that nothing is built for nobody.
 */
export function traceStorageOperation<T>(
  channel: StorageTracingChannel,
  backend: string,
  operation: StorageOperation,
  run: () => Promise<T>,
  outcomeOf: (value: T) => StorageOutcome,
): Promise<T> {
  const context: MutableContext = {
    backend,
    operation,
    startTime: performance.now(),
    duration: undefined,
    outcome: undefined,
    error: undefined,
  }
  const failed = (error: unknown) => {
    context.duration = performance.now() - context.startTime
    context.outcome = 'error'
    context.error = error
    channel.error.publish(context)
  }
  return channel.start.runStores(context, () => {
    let pending: Promise<T>
    try {
      pending = run()
    } catch (error) {
      failed(error)
      throw error
    } finally {
      channel.end.publish(context)
    }
    return pending.then(
      (value) => {
        context.duration = performance.now() - context.startTime
        context.outcome = outcomeOf(value)
        channel.asyncStart.publish(context)
        channel.asyncEnd.publish(context)
        return value
      },
      (error: unknown) => {
        failed(error)
        channel.asyncStart.publish(context)
        channel.asyncEnd.publish(context)
        throw error
      },
    )
  })
}
