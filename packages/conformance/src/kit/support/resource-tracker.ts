import { AsyncResource, createHook, executionAsyncId } from 'node:async_hooks'
import { sleep } from './time.js'

/** Async resource types that keep the event loop alive while they exist (and are ref'ed). */
const LOOP_RESOURCE = /^(Timeout|Immediate|FILEHANDLE|STATWATCHER)$|WRAP$|^FSREQ/
/**
 * Matching types that never hold the loop: a TLSWRAP only wraps a socket's handle (the
 * TCPWRAP, watched itself) and outlives it until garbage collection.
 */
const NOT_LOOP_RESOURCE = /^TLSWRAP$/

interface Tracked {
  readonly type: string
  readonly resource: { hasRef?: () => boolean }
}

/**
 * Watches the async resources (sockets, timers, file handles, requests...) created by code run
 * through `run`, or by what that code started, and tells which of them still hold the event
 * loop open. Black-box: it needs nothing from the code watched.
 */
export class ResourceTracker {
  private readonly owned = new Set<number>()
  private readonly live = new Map<number, Tracked>()
  private readonly hook = createHook({
    init: (id, type, triggerId, resource) => {
      if (!this.owned.has(triggerId) && !this.owned.has(executionAsyncId())) return
      this.owned.add(id)
      if (LOOP_RESOURCE.test(type) && !NOT_LOOP_RESOURCE.test(type))
        this.live.set(id, { type, resource: resource as Tracked['resource'] })
    },
    destroy: (id) => {
      this.live.delete(id)
    },
  })
  private readonly root: AsyncResource
  /** A scope outside the watched tree, for the tracker's own waiting. */
  private readonly outside = new AsyncResource('SESSIONKIT_CONFORMANCE_WATCHER')

  constructor() {
    this.hook.enable()
    this.root = new AsyncResource('SESSIONKIT_CONFORMANCE')
    this.owned.add(this.root.asyncId())
  }

  /** Run `action` so that every resource it creates, directly or not, is watched. */
  run<T>(action: () => Promise<T>): Promise<T> {
    return this.root.runInAsyncScope(action)
  }

  /** Watched resources that still hold the event loop open, e.g. `['TCPWRAP x1']`. */
  holding(): string[] {
    const counts = new Map<string, number>()
    for (const { type, resource } of this.live.values()) {
      if (typeof resource.hasRef === 'function' && !resource.hasRef()) continue
      counts.set(type, (counts.get(type) ?? 0) + 1)
    }
    return [...counts].map(([type, count]) => `${type} x${count}`)
  }

  /**
   * Every watched resource still alive, holding the loop or not (an unref'ed timer still
   * holds its callback and what that refers to), e.g. `['Timeout x3']`.
   */
  alive(): string[] {
    const counts = new Map<string, number>()
    for (const { type } of this.live.values()) counts.set(type, (counts.get(type) ?? 0) + 1)
    return [...counts].map(([type, count]) => `${type} x${count}`)
  }

  /**
   * Wait up to `limitMs` for every watched resource to go (a cleared timer or a closed socket
   * is reported gone a turn or two later); return those still alive, holding the loop or not.
   */
  settleAll(limitMs: number): Promise<string[]> {
    const deadline = Date.now() + limitMs
    const poll = async () => {
      for (;;) {
        const alive = this.alive()
        if (alive.length === 0 || Date.now() >= deadline) return alive
        await sleep(25)
      }
    }
    return this.outside.runInAsyncScope(poll)
  }

  /** Wait up to `limitMs` for watched resources to go; return those still holding the loop. */
  settle(limitMs: number): Promise<string[]> {
    const deadline = Date.now() + limitMs
    const poll = async () => {
      for (;;) {
        const holding = this.holding()
        if (holding.length === 0 || Date.now() >= deadline) return holding
        await sleep(25)
      }
    }
    return this.outside.runInAsyncScope(poll)
  }

  /** Stop watching. */
  stop(): void {
    this.hook.disable()
    this.root.emitDestroy()
    this.outside.emitDestroy()
  }
}
