/**
 * The memcached binary-protocol operations memjs does not offer (get-and-touch, reads that
 * return the CAS, CAS writes and deletes), built on memjs's exported primitives: requests are
 * made with `Utils.makeRequestBuffer` (plus the CAS in header bytes 16-23, as `Header` lays it
 * out) and sent over a `Server`'s own connection with its `onResponse` / `onError` / `write`,
 * exactly as `Client.prototype.perform` does, but on a server chosen by the caller and with a
 * bounded wait.
 */
import { SessionStorageUnavailableError } from '@sessionkit/core'
import { type Response, type Server, Utils } from 'memjs'

/** Binary protocol opcodes used by this package. */
export const Opcode = {
  get: 0x00,
  set: 0x01,
  add: 0x02,
  delete: 0x04,
  touch: 0x1c,
  getAndTouch: 0x1d,
} as const

/** Binary protocol response statuses this package tells apart. */
export const Status = {
  ok: 0x00,
  notFound: 0x01,
  exists: 0x02,
  tooLarge: 0x03,
} as const

/** Sends the request built for a fresh opaque value for `key` and resolves with the response. */
export type Transport = (key: string, build: (opaque: number) => Buffer) => Promise<Response>

/** An item's value together with its CAS (the 8 bytes that identify this version of it). */
export interface CasItem {
  readonly value: Buffer
  readonly cas: Buffer
}

/**
 * Outcome of a store: written; key present already (ADD) or changed since read (CAS); key
 * absent (CAS); or refused as over the server's item size limit. memcached answers a SET it
 * refuses as too large by also deleting the item stored under that key.
 */
export type StoreResult = 'stored' | 'exists' | 'not-found' | 'too-large'

/** A server could not be reached or did not answer in time; the request may be retried. */
export class ServerUnreachableError extends Error {
  constructor(
    /** `host:port` of the server. */
    readonly server: string,
    message: string,
    /** True when the server did not answer in time (rather than refusing or dropping us). */
    readonly timedOut: boolean,
    options?: ErrorOptions,
  ) {
    super(`memcached ${server}: ${message}`, options)
    this.name = 'ServerUnreachableError'
  }
}

/** What memjs fails requests with when a server refuses its login, or a request for want of one. */
export const MEMJS_AUTH_FAILED = 'Memcached server authentication failed!'

/**
 * A server refused our SASL login (or, without credentials, our request): a configuration
 * problem, reported at once as unavailable, not retried and not failed over. Names the user,
 * never the password.
 */
function authenticationFailure(server: Server): SessionStorageUnavailableError {
  const name = `${server.host}:${server.port}`
  return new SessionStorageUnavailableError(
    server.username
      ? `memcached ${name} refused SASL authentication as "${server.username}": wrong username or password`
      : `memcached ${name} requires SASL authentication: set username and password`,
  )
}

/**
 * Write `request` (carrying `opaque`) to `server` and resolve with its response. Rejects with
 * `SessionStorageUnavailableError` when the server refuses the SASL login, and with
 * `ServerUnreachableError` when memjs reports a connection error or timeout, or when no
 * response comes within `timeoutMs` (memjs alone may wait forever once a server closes the
 * connection with requests in flight).
 */
export function sendToServer(
  server: Server,
  request: Buffer,
  opaque: number,
  timeoutMs: number,
): Promise<Response> {
  const name = `${server.host}:${server.port}`
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      delete (server.responseCallbacks as Record<number, unknown>)[opaque]
      delete (server.errorCallbacks as Record<number, unknown>)[opaque]
      reject(new ServerUnreachableError(name, `no answer within ${timeoutMs} ms`, true))
    }, timeoutMs)
    server.onResponse(opaque, (response) => {
      clearTimeout(timer)
      resolve(response)
    })
    server.onError(opaque, (error: unknown) => {
      clearTimeout(timer)
      if (error === MEMJS_AUTH_FAILED) return reject(authenticationFailure(server))
      const message = error instanceof Error ? error.message : String(error)
      reject(new ServerUnreachableError(name, message, /timed out/.test(message), { cause: error }))
    })
    server.write(request)
  })
}

/** Read `key` and restart its expiry at `expiration` in one round trip (GAT). */
export async function getAndTouch(
  send: Transport,
  key: string,
  expiration: number,
): Promise<CasItem | null> {
  const response = await send(key, (opaque) =>
    Utils.makeRequestBuffer(Opcode.getAndTouch, key, uint32(expiration), '', opaque),
  )
  return itemOf('get-and-touch', key, response)
}

/** Restart the expiry of `key` at `expiration` (TOUCH); false when there is no such item. */
export async function touch(send: Transport, key: string, expiration: number): Promise<boolean> {
  const response = await send(key, (opaque) =>
    Utils.makeRequestBuffer(Opcode.touch, key, uint32(expiration), '', opaque),
  )
  if (response.header.status === Status.notFound) return false
  if (response.header.status !== Status.ok) throw failure('touch', key, response)
  return true
}

/** Read `key` with its CAS (GET). */
export async function getWithCas(send: Transport, key: string): Promise<CasItem | null> {
  const response = await send(key, (opaque) =>
    Utils.makeRequestBuffer(Opcode.get, key, '', '', opaque),
  )
  return itemOf('get', key, response)
}

/**
 * Store `value` under `key` expiring at `expiration`: `add` only when the key is absent,
 * `set` unconditionally or, with `cas`, only when the item is still that version.
 */
export async function store(
  send: Transport,
  mode: 'set' | 'add',
  key: string,
  value: string,
  expiration: number,
  cas?: Buffer,
): Promise<StoreResult> {
  const data = Buffer.from(value, 'utf8')
  const extras = Buffer.alloc(8) // flags (0), then expiration
  extras.writeUInt32BE(expiration, 4)
  const response = await send(key, (opaque) =>
    withCas(Utils.makeRequestBuffer(Opcode[mode], key, extras, data, opaque), cas),
  )
  switch (response.header.status) {
    case Status.ok:
      return 'stored'
    case Status.exists:
      return 'exists'
    case Status.notFound:
      return 'not-found'
    case Status.tooLarge:
      return 'too-large'
    default:
      throw failure(mode, key, response)
  }
}

/** Outcome of a delete: removed, changed since read (CAS), or absent already. */
export type DeleteResult = 'deleted' | 'exists' | 'not-found'

/** Delete `key` (with `cas`: only if still that version). */
export async function remove(send: Transport, key: string, cas?: Buffer): Promise<DeleteResult> {
  const response = await send(key, (opaque) =>
    withCas(Utils.makeRequestBuffer(Opcode.delete, key, '', '', opaque), cas),
  )
  switch (response.header.status) {
    case Status.ok:
      return 'deleted'
    case Status.exists:
      return 'exists'
    case Status.notFound:
      return 'not-found'
    default:
      throw failure('delete', key, response)
  }
}

function itemOf(operation: string, key: string, response: Response): CasItem | null {
  if (response.header.status === Status.notFound) return null
  if (response.header.status !== Status.ok) throw failure(operation, key, response)
  return { value: response.val, cas: Buffer.from(response.header.cas) }
}

function withCas(request: Buffer, cas: Buffer | undefined): Buffer {
  cas?.copy(request, 16, 0, 8)
  return request
}

function uint32(value: number): Buffer {
  const buffer = Buffer.alloc(4)
  buffer.writeUInt32BE(value, 0)
  return buffer
}

function failure(operation: string, key: string, response: Response): Error {
  const detail = response.val.toString('utf8') || `status 0x${response.header.status.toString(16)}`
  return new SessionStorageUnavailableError(
    `memcached ${operation} of "${key}" failed: ${detail} (status 0x${response.header.status.toString(16)})`,
  )
}
