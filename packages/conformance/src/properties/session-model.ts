import assert from 'node:assert/strict'
import type { Session, SessionStorage } from '@sessionkit/core'
import fc from 'fast-check'

/** One step of a random request sequence. */
export type SessionStep =
  | { readonly op: 'set'; readonly key: string; readonly value: number }
  | { readonly op: 'unset'; readonly key: string }
  | { readonly op: 'flash'; readonly key: string; readonly value: number }
  | { readonly op: 'save' }
  | { readonly op: 'read' }
  | { readonly op: 'destroy' }
  | { readonly op: 'regenerate' }

const KEYS = ['a', 'b', 'c']
const FLASH_KEYS = ['f', 'g']

/** Sequences of up to `maxSteps` steps (a few keys, so that steps meet on the same ones). */
export function sessionSteps(maxSteps = 30): fc.Arbitrary<SessionStep[]> {
  const key = fc.constantFrom(...KEYS)
  const value = fc.integer({ min: 0, max: 9 })
  const step: fc.Arbitrary<SessionStep> = fc.oneof(
    { weight: 4, arbitrary: fc.record({ op: fc.constant('set' as const), key, value }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('unset' as const), key }) },
    {
      weight: 2,
      arbitrary: fc.record({
        op: fc.constant('flash' as const),
        key: fc.constantFrom(...FLASH_KEYS),
        value,
      }),
    },
    { weight: 4, arbitrary: fc.constant({ op: 'save' as const }) },
    { weight: 4, arbitrary: fc.constant({ op: 'read' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'destroy' as const }) },
    { weight: 1, arbitrary: fc.constant({ op: 'regenerate' as const }) },
  )
  return fc.array(step, { minLength: 1, maxLength: maxSteps, size: 'max' })
}

type Data = Record<string, number>

/**
 * What one client of the storage should see, kept without a storage: the stored keys and
 * flashes, the request's session as the app sees it, and what the request changed.
 */
class SessionModel {
  /** Stored user keys; null: no session stored under the cookie. */
  stored: Data | null = null
  /** Stored flashes not yet consumed by a load. */
  storedFlashes: Data = {}
  /** The request's user keys (what `get` shows, flashes aside). */
  view: Data = {}
  /** Flashes this request's load consumed (readable now, gone for the next load). */
  consumed: Data = {}
  /** Flashes this request wrote. */
  pendingFlashes: Data = {}
  dirty = false
  destroyed = false
  regenerated = false
  isNew = true

  /** A new request: load the stored session (consuming its flashes), or a new one. */
  load(): void {
    this.isNew = this.stored === null
    this.view = { ...(this.stored ?? {}) }
    this.consumed = this.isNew ? {} : this.storedFlashes
    if (!this.isNew) this.storedFlashes = {}
    this.pendingFlashes = {}
    this.dirty = false
    this.destroyed = false
    this.regenerated = false
  }

  /** What `get` shows for every key of the request's session. */
  visible(): Data {
    return { ...this.view, ...this.consumed }
  }
}

/** The user keys and flashes a session shows, by `get`. */
function shown(session: Session): Data {
  const data: Data = {}
  for (const key of [...KEYS, ...FLASH_KEYS]) {
    const value = session.get(key)
    if (value !== undefined) data[key] = value as number
  }
  return data
}

/**
 * Run `steps` against `storage` and the model; throws an AssertionError at the first step
 * where they disagree. Each `read` starts a new request from the cookie the last save gave.
 */
export async function runSessionSteps(storage: SessionStorage, steps: readonly SessionStep[]) {
  const model = new SessionModel()
  let cookie: string | null = null
  const retired: string[] = []
  let session = await storage.read(cookie)
  model.load()
  for (const [index, step] of steps.entries()) {
    const where = `step ${index} (${JSON.stringify(step)}) of ${JSON.stringify(steps)}`
    const refusedWhenDestroyed = async (act: () => void) => {
      if (!model.destroyed) return act()
      assert.throws(act, { code: 'SESSION_STATE' }, `${where}: a destroyed session refuses it`)
    }
    switch (step.op) {
      case 'set':
        await refusedWhenDestroyed(() => session.set(step.key, step.value))
        if (!model.destroyed) {
          model.view[step.key] = step.value
          model.dirty = true
        }
        break
      case 'unset':
        await refusedWhenDestroyed(() => session.unset(step.key))
        if (!model.destroyed) {
          delete model.view[step.key]
          model.dirty = true
        }
        break
      case 'flash':
        await refusedWhenDestroyed(() => session.flash(step.key, step.value))
        if (!model.destroyed) {
          model.pendingFlashes[step.key] = step.value
          model.dirty = true
        }
        break
      case 'regenerate':
        await refusedWhenDestroyed(() => session.regenerateId())
        if (!model.destroyed) model.regenerated = true
        break
      case 'destroy':
        session.destroy()
        model.destroyed = true
        model.view = {}
        model.consumed = {}
        break
      case 'save': {
        const result = await storage.save(session)
        if (model.destroyed) {
          assert.equal(result, '', `${where}: saving a destroyed session clears the cookie`)
          if (!model.isNew && cookie) retired.push(cookie)
          model.stored = null
          model.storedFlashes = {}
          model.isNew = true
          cookie = null
        } else if (model.isNew && !model.dirty) {
          assert.equal(result, null, `${where}: an untouched new session is not saved`)
        } else if (!model.isNew && !model.dirty && !model.regenerated) {
          assert.equal(result, null, `${where}: an unchanged session is not written`)
        } else {
          assert.ok(typeof result === 'string' && result !== '', `${where}: save gives a cookie`)
          if (model.regenerated && cookie !== null) {
            assert.notEqual(result, cookie, `${where}: regenerateId gives a new id`)
            retired.push(cookie)
          }
          cookie = result
          model.stored = { ...model.view }
          model.storedFlashes = { ...model.storedFlashes, ...model.pendingFlashes }
          model.pendingFlashes = {}
          model.isNew = false
          model.dirty = false
          model.regenerated = false
        }
        break
      }
      case 'read':
        session = await storage.read(cookie)
        model.load()
        assert.equal(session.isNew, model.isNew, `${where}: isNew`)
        break
    }
    assert.deepStrictEqual(shown(session), model.visible(), `${where}: what get() shows`)
    for (const old of retired) {
      assert.ok((await storage.read(old)).isNew, `${where}: a destroyed or replaced id reads new`)
    }
    retired.length = 0
  }
}
