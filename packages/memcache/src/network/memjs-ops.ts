/**
 * The memcached binary-protocol operations this package needs (get-and-touch, reads that
 * return the CAS, CAS writes and deletes, touch), as requests made by `encodeRequest` and
 * responses parsed by memjs, sent through a `Transport` (the `ServerPool`).
 */
import { SessionStorageUnavailableError } from '@sessionkit/core'
import type { Response } from 'memjs'
import { encodeRequest } from './request.js'

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

/** A response, and the index of the server (in the pool's order) that sent it. */
export interface Reply {
  readonly response: Response
  readonly server: number
}

/**
 * Sends the request built for a fresh opaque value for `key` and resolves with the reply.
 * With `server`, the request carries a CAS that server issued: it goes to that server or
 * nowhere (a CAS means nothing on another server).
 */
export type Transport = (
  key: string,
  build: (opaque: number) => Buffer,
  server?: number,
) => Promise<Reply>

/** One version of an item: its CAS, as issued by the server (index) that holds it. */
export interface ItemVersion {
  readonly cas: Buffer
  readonly server: number
}

/** An item's value together with its version. */
export interface CasItem {
  readonly value: Buffer
  readonly version: ItemVersion
}

/**
 * Outcome of a store: written (with the new version); key present already (ADD) or changed
 * since read (CAS); key absent (CAS); or refused as over the server's item size limit.
 * memcached answers a SET it refuses as too large by also deleting the item stored under that
 * key.
 */
export type StoreResult =
  | { readonly status: 'stored'; readonly version: ItemVersion }
  | { readonly status: 'exists' }
  | { readonly status: 'not-found' }
  | { readonly status: 'too-large' }

/** Read `key` and restart its expiry at `expiration` in one round trip (GAT). */
export async function getAndTouch(
  send: Transport,
  key: string,
  expiration: number,
): Promise<CasItem | null> {
  const reply = await send(key, (opaque) =>
    encodeRequest(Opcode.getAndTouch, key, [expiration], '', opaque),
  )
  return itemOf('get-and-touch', key, reply)
}

/** Restart the expiry of `key` at `expiration` (TOUCH); false when there is no such item. */
export async function touch(send: Transport, key: string, expiration: number): Promise<boolean> {
  const { response } = await send(key, (opaque) =>
    encodeRequest(Opcode.touch, key, [expiration], '', opaque),
  )
  if (response.header.status === Status.notFound) return false
  if (response.header.status !== Status.ok) throw failure('touch', key, response)
  return true
}

/** Read `key` with its CAS (GET). */
export async function getWithCas(send: Transport, key: string): Promise<CasItem | null> {
  const reply = await send(key, (opaque) => encodeRequest(Opcode.get, key, [], '', opaque))
  return itemOf('get', key, reply)
}

/**
 * Store `value` under `key` expiring at `expiration` (flags 0): `add` only when the key is
 * absent, `set` unconditionally or, with `version`, only when the item is still that version
 * (sent to the server that issued it).
 */
export async function store(
  send: Transport,
  mode: 'set' | 'add',
  key: string,
  value: string,
  expiration: number,
  version?: ItemVersion,
): Promise<StoreResult> {
  const { response, server } = await send(
    key,
    (opaque) => encodeRequest(Opcode[mode], key, [0, expiration], value, opaque, version?.cas),
    version?.server,
  )
  switch (response.header.status) {
    case Status.ok:
      return { status: 'stored', version: { cas: Buffer.from(response.header.cas), server } }
    case Status.exists:
      return { status: 'exists' }
    case Status.notFound:
      return { status: 'not-found' }
    case Status.tooLarge:
      return { status: 'too-large' }
    default:
      throw failure(mode, key, response)
  }
}

/** Outcome of a delete: removed, changed since read (CAS), or absent already. */
export type DeleteResult = 'deleted' | 'exists' | 'not-found'

/** Delete `key` (with `version`: only if still that version, on the server that issued it). */
export async function remove(
  send: Transport,
  key: string,
  version?: ItemVersion,
): Promise<DeleteResult> {
  const { response } = await send(
    key,
    (opaque) => encodeRequest(Opcode.delete, key, [], '', opaque, version?.cas),
    version?.server,
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

function itemOf(operation: string, key: string, { response, server }: Reply): CasItem | null {
  if (response.header.status === Status.notFound) return null
  if (response.header.status !== Status.ok) throw failure(operation, key, response)
  // The CAS is copied: the header's is a view into memjs's receive buffer.
  return { value: response.val, version: { cas: Buffer.from(response.header.cas), server } }
}

function failure(operation: string, key: string, response: Response): Error {
  const detail = response.val.toString('utf8') || `status 0x${response.header.status.toString(16)}`
  return new SessionStorageUnavailableError(
    `memcached ${operation} of "${key}" failed: ${detail} (status 0x${response.header.status.toString(16)})`,
  )
}
