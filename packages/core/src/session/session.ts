import { SessionDataError, SessionStateError } from '../errors.js'
import {
  FLASH_FIELD_PREFIX,
  isFlashField,
  OWNER_FIELD,
  OWNER_METADATA_FIELD,
  RESERVED_FIELD_PREFIX,
} from '../storage/reserved-fields.js'
import { decodeJsonValue, encodeJsonValue } from './json-value.js'
import { generateSessionId, storageIdOf } from './session-id.js'
import {
  clearFields,
  currentField,
  flashValue,
  keyLimitReached,
  type SessionState,
  writeChange,
} from './session-state.js'

/** Options of `Session.set`. */
export interface SetOptions {
  /** Seconds until this key expires on its own while the session lives on. */
  ttl?: number | undefined
}

/** Options of `Session.regenerateId`. */
export interface RegenerateIdOptions {
  /** Remove the session stored under the old id (default true). */
  deleteOld?: boolean | undefined
}

/** Metadata shown with a session in `SessionStorage.listSessions`, e.g. `{ userAgent }`. */
export type SessionMetadata = Readonly<Record<string, string>>

/** Longest owner id `setOwner` takes, in characters. */
export const MAX_OWNER_LENGTH = 256

/** Most bytes of metadata (as JSON) `setOwner` takes. */
export const MAX_METADATA_BYTES = 2048

/**
 * What `Session.save()` and `Session.reload()` do for a session opened by sessionkit's request
 * cycle (the middleware and adapters bind it); a session read straight from a storage has none.
 */
export interface SessionBinding {
  save(): Promise<void>
  reload(): Promise<void>
}

/** The state behind a Session, checked to be one; set once the class below is defined. */
let state: (session: AnySession) => SessionState
let binding: (session: AnySession) => SessionBinding | undefined
let bind: (session: AnySession, to: SessionBinding) => void

/** A session whatever its `Data` and `Flash` types: what storages and adapters accept. */
// biome-ignore lint/suspicious/noExplicitAny: a typed session is not assignable to the untyped one
export type AnySession = Session<any, any>

/** The shape of a session's data when none is declared: any key, values unknown. */
export type SessionData = Record<string, unknown>

/** The keys of a session typed `Session<Data, Flash>` that `get` and `has` accept. */
export type SessionKey<Data, Flash> = (keyof Data | keyof Flash) & string

/** What `get(key)` gives: the value's type as `Data` or `Flash` declares it, or undefined. */
export type SessionValue<Data, Flash, Key> =
  | (Key extends keyof Data ? Data[Key] : never)
  | (Key extends keyof Flash ? Flash[Key] : never)
  | undefined

/**
 * One user's session for the duration of a request. Changes are kept in memory and written by
 * `SessionStorage.save`, which writes only what changed. `Data` types the keys and values of
 * `get`/`set`, `Flash` those of `flash` (both default to any key with unknown values); they
 * are compile-time promises only: values are not checked against them at run time.
 */
export class Session<Data extends object = SessionData, Flash extends object = Data> {
  readonly #state: SessionState
  #binding: SessionBinding | undefined = undefined

  static {
    state = (session) => {
      if (typeof session === 'object' && session !== null && #state in session) {
        return session.#state
      }
      throw new SessionStateError('Not a session made by a SessionStorage')
    }
    binding = (session) => {
      state(session)
      return session.#binding
    }
    bind = (session, to) => {
      state(session)
      session.#binding = to
    }
  }

  /** @internal Sessions are made by a `SessionStorage`; use `storage.read()`. */
  constructor(sessionState: SessionState) {
    this.#state = sessionState
  }

  /** The session id, as carried by the cookie. */
  get id(): string {
    return state(this).id
  }

  /**
   * A non-secret handle for logs: the first 12 characters of the id's SHA-256 (the start of the
   * storage id the store keeps it under), so log lines about one session can be told apart and
   * matched to its record without ever holding the id a cookie carries. Changes with the id.
   */
  get handle(): string {
    return storageIdOf(state(this).id).slice(0, 12)
  }

  /** True for a session that is not stored yet (no cookie, or an unknown or expired one). */
  get isNew(): boolean {
    return state(this).isNew
  }

  /** True when a save has something to write. */
  get dirty(): boolean {
    const s = state(this)
    return s.destroyed || s.regenerated !== null || s.changes.size > 0 || s.lifetimeChanged
  }

  /**
   * Epoch milliseconds at which the stored session expires unless a later request refreshes
   * it; undefined while the session is not stored. The cookie's lifetime follows it.
   */
  get expiresAt(): number | undefined {
    return state(this).expiresAt
  }

  /** This session's own lifetime in seconds (see `setLifetime`); undefined: the storage's TTL. */
  get lifetime(): number | undefined {
    return state(this).lifetime
  }

  /**
   * Give this session a lifetime of its own, in whole seconds ("remember me"): the store keeps
   * it that long after each refresh and the cookie lasts as long. `null` returns to the
   * storage's TTL. Applied by the next save.
   */
  setLifetime(seconds: number | null): void {
    const s = state(this)
    if (s.destroyed) throw new SessionStateError('Cannot set the lifetime of a destroyed session')
    if (seconds !== null && !(Number.isSafeInteger(seconds) && seconds > 0)) {
      throw new SessionDataError('A session lifetime must be a whole number of seconds > 0')
    }
    const lifetime = seconds ?? undefined
    if (lifetime === s.lifetime) return
    s.lifetime = lifetime
    s.lifetimeChanged = true
  }

  /** The user this session belongs to (`setOwner`), or undefined. */
  get owner(): string | undefined {
    return state(this).owner
  }

  /**
   * Tie this session to a user (call it at login, with `regenerateId()`): the storage then
   * lists it among the user's sessions and can revoke it (`storage.listSessions`,
   * `revokeSession`, `revokeAllSessions`, as its capabilities allow). `metadata` (strings,
   * e.g. `{ userAgent }`) is shown in the list. The owner stays for the session's life: a
   * session of another user must be destroyed first (`SessionStateError`). Applied by the
   * next save.
   */
  setOwner(owner: string, metadata?: SessionMetadata): void {
    const s = state(this)
    if (s.destroyed) throw new SessionStateError('Cannot set the owner of a destroyed session')
    if (typeof owner !== 'string' || owner === '' || owner.length > MAX_OWNER_LENGTH) {
      throw new SessionDataError(
        `A session owner must be a non-empty string of at most ${MAX_OWNER_LENGTH} characters`,
      )
    }
    if (LONE_SURROGATE.test(owner)) {
      throw new SessionDataError('A session owner must be well-formed Unicode')
    }
    if (s.owner !== undefined && s.owner !== owner) {
      throw new SessionStateError(
        'This session belongs to another owner: destroy it and start a new one to change users',
      )
    }
    if (metadata !== undefined) {
      const encoded = encodeMetadata(metadata)
      writeChange(s, OWNER_METADATA_FIELD, { value: encoded })
    }
    if (s.owner === owner) return
    s.owner = owner
    writeChange(s, OWNER_FIELD, { value: owner })
  }

  /** True once `destroy()` was called. */
  get destroyed(): boolean {
    return state(this).destroyed
  }

  /** The value under `key` (a flash from the previous request included), or undefined. */
  get<Key extends SessionKey<Data, Flash>>(key: Key): SessionValue<Data, Flash, Key> {
    const s = state(this)
    const change = s.changes.get(key)
    if (change !== undefined) {
      return change === null ? undefined : (decodeJsonValue(key, change.value) as never)
    }
    const flash = flashValue(s, key)
    if (flash !== undefined) return decodeJsonValue(key, flash) as never
    const field = currentField(s, key)
    return field === undefined ? undefined : (decodeJsonValue(key, field.value) as never)
  }

  /** Whether `key` holds a value. */
  has(key: SessionKey<Data, Flash>): boolean {
    const s = state(this)
    const change = s.changes.get(key)
    if (change !== undefined) return change !== null
    return flashValue(s, key) !== undefined || currentField(s, key) !== undefined
  }

  /** The keys that hold a value. */
  keys(): string[] {
    const s = state(this)
    const keys = new Set<string>()
    for (const name of s.stored.keys()) {
      keys.add(isFlashField(name) ? name.slice(FLASH_FIELD_PREFIX.length) : name)
    }
    for (const name of [...(s.saved?.keys() ?? []), ...s.changes.keys()]) keys.add(name)
    return [...keys].filter(
      (key) => !key.startsWith(RESERVED_FIELD_PREFIX) && this.has(key as SessionKey<Data, Flash>),
    )
  }

  /**
   * Store `value` (JSON-serialisable) under `key`. With `ttl` (seconds) the key expires on its
   * own; without, any earlier expiry of the key is cleared.
   */
  set<Key extends keyof Data & string>(key: Key, value: Data[Key], options: SetOptions = {}): void {
    const s = writable(this, key)
    const ttl = options.ttl
    if (ttl !== undefined && !(Number.isSafeInteger(ttl) && ttl > 0)) {
      throw new SessionDataError(
        `ttl of session key "${key}" must be a whole number of seconds > 0`,
        key,
      )
    }
    if (ttl !== undefined && !s.fieldTtl) {
      throw new SessionDataError(
        `Session key "${key}" cannot have a ttl: this storage has no per-key TTL`,
        key,
      )
    }
    if (value === undefined) {
      throw new SessionDataError(`Session key "${key}" cannot hold undefined; use unset()`, key)
    }
    const encoded = encodeJsonValue(key, value)
    assertRoomFor(s, key, key)
    writeChange(s, key, { value: encoded, ttl })
  }

  /** Remove `key`. */
  unset(key: keyof Data & string): void {
    writeChange(writable(this, key), key, null)
  }

  /** Store `value` under `key` for the next request only: it is readable there, then gone. */
  flash<Key extends keyof Flash & string>(key: Key, value: Flash[Key]): void {
    const s = writable(this, key)
    if (value === undefined) {
      throw new SessionDataError(`Flash key "${key}" cannot hold undefined`, key)
    }
    const name = `${FLASH_FIELD_PREFIX}${key}`
    const encoded = encodeJsonValue(key, value)
    assertRoomFor(s, name, key)
    writeChange(s, name, { value: encoded })
  }

  /** Seconds left before `key` expires on its own, or undefined when it has no expiry of its own. */
  ttl(key: keyof Data & string): number | undefined {
    const s = state(this)
    const change = s.changes.get(key)
    if (change !== undefined) return change?.ttl
    const expiresAt = currentField(s, key)?.expiresAt
    return expiresAt === undefined
      ? undefined
      : Math.max(1, Math.ceil((expiresAt - Date.now()) / 1000))
  }

  /**
   * Give the session a new id (do this on login and privilege changes). The data moves to the
   * new id on save; the old id stops working unless `deleteOld` is false.
   */
  regenerateId(options: RegenerateIdOptions = {}): void {
    const s = state(this)
    if (s.destroyed) throw new SessionStateError('Cannot regenerate the id of a destroyed session')
    s.id = generateSessionId()
    s.regenerated = { deleteOld: options.deleteOld ?? true }
  }

  /**
   * Save now, inside the handler, to deal with a store failure there (it rejects with the
   * storage's error). The middleware then saves again only what changes afterwards. Needs a
   * session opened by sessionkit's middleware or an adapter; elsewhere use `storage.save()`.
   */
  save(): Promise<void> {
    return boundTo(this).save()
  }

  /**
   * Forget unsaved changes and read the session again from the store. A session that is gone
   * from the store meanwhile becomes a new, empty one.
   */
  reload(): Promise<void> {
    return boundTo(this).reload()
  }

  /** End the session: the save removes it from the store and clears the cookie. */
  destroy(): void {
    const s = state(this)
    s.destroyed = true
    clearFields(s)
    s.regenerated = null
    s.lifetimeChanged = false
  }
}

/** @internal The state behind a Session, for the storage that made it. */
export function sessionStateOf(session: AnySession): SessionState {
  return state(session)
}

/** @internal Give a session its `save()` and `reload()` (sessionkit's request cycle does). */
export function bindSession(session: AnySession, to: SessionBinding): void {
  bind(session, to)
}

/** @internal Make `session` take over the state of `from` (reload), keeping its binding. */
export function replaceSessionState(session: AnySession, from: AnySession): void {
  Object.assign(state(session), state(from))
}

function boundTo(session: AnySession): SessionBinding {
  const bound = binding(session)
  if (bound === undefined) {
    throw new SessionStateError(
      'save() and reload() need a session opened by sessionkit middleware; use storage.save(session)',
    )
  }
  return bound
}

function writable(session: AnySession, key: string): SessionState {
  const s = state(session)
  if (s.destroyed) throw new SessionStateError(`Cannot write "${key}" to a destroyed session`)
  if (typeof key !== 'string' || key === '') {
    throw new SessionDataError('Session keys must be non-empty strings', String(key))
  }
  if (key.startsWith(RESERVED_FIELD_PREFIX)) {
    throw new SessionDataError(`Session keys may not start with "${RESERVED_FIELD_PREFIX}"`, key)
  }
  // Stores and drivers keep fields in plain objects, where assigning "__proto__" sets the
  // prototype instead: the key would silently vanish.
  if (key === '__proto__') {
    throw new SessionDataError('The session key "__proto__" is reserved by JavaScript objects', key)
  }
  const { maxKeyLength } = s.limits
  if (
    key.length * MAX_UTF8_BYTES_PER_UNIT > maxKeyLength &&
    Buffer.byteLength(key) > maxKeyLength
  ) {
    throw new SessionDataError(
      `Session keys may take at most ${maxKeyLength} bytes (maxKeyLength); this one is longer`,
      key.slice(0, 64),
    )
  }
  // A lone surrogate cannot be encoded as UTF-8: stores would change the key (Redis reads it
  // back with U+FFFD), and two such keys could collide.
  if (LONE_SURROGATE.test(key)) {
    throw new SessionDataError(
      'Session keys must be well-formed Unicode: this one has a lone surrogate',
      key,
    )
  }
  return s
}

/** `metadata` as the JSON text stored with the session, checked. */
function encodeMetadata(metadata: SessionMetadata): string {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) {
    throw new SessionDataError('Session metadata must be an object of strings')
  }
  for (const [name, value] of Object.entries(metadata)) {
    if (typeof value !== 'string') {
      throw new SessionDataError(`Session metadata "${name}" must be a string`, name)
    }
  }
  const encoded = JSON.stringify(metadata)
  if (Buffer.byteLength(encoded) > MAX_METADATA_BYTES) {
    throw new SessionDataError(`Session metadata must take at most ${MAX_METADATA_BYTES} bytes`)
  }
  return encoded
}

/** Throws when writing the stored field `name` would add a key over the session's `maxKeys`. */
function assertRoomFor(s: SessionState, name: string, key: string): void {
  if (keyLimitReached(s, name)) {
    throw new SessionDataError(
      `A session may hold at most ${s.limits.maxKeys} keys (maxKeys); "${key}" was not added`,
      key,
    )
  }
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const MAX_UTF8_BYTES_PER_UNIT = 3

/** Matches a UTF-16 surrogate that is not part of a pair (`u` flag: pairs are one code point). */
const LONE_SURROGATE = /\p{Cs}/u
