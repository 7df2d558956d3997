import { Client, type Response, Utils } from 'memjs'
import { endpointOf, hostPort, type TargetDefinition } from '../target.js'
import { blobFloorTarget } from './blob-floor.js'

/** The binary protocol's get-and-touch, which memjs sends through `perform` but has no method for. */
const GET_AND_TOUCH = 0x1d
const STATUS_OK = 0
const STATUS_NOT_FOUND = 1

/** memjs GAT / get + set / add / delete, one binary-protocol command each. */
export const MEMJS_FLOOR: TargetDefinition = {
  name: 'floor-memjs',
  label: 'floor: memjs get+set',
  family: 'memcache',
  kind: 'floor',
  server: 'memcached',
  async open(options) {
    const memjs = Client.create(hostPort(endpointOf(options, 'floor-memjs')), {
      timeout: 5,
      retries: 1,
      logger: { log: () => {} },
    })
    const text = (value: Buffer | null) => (value === null ? null : value.toString('utf8'))
    const stored = (ok: boolean, command: string) => {
      if (!ok) throw new Error(`floor-memjs: ${command} not stored`)
    }
    const getAndTouch = (key: string, ttl: number) =>
      new Promise<string | null>((resolve, reject) => {
        memjs.incrSeq()
        const seq = memjs.seq
        const request = Utils.makeRequestBuffer(
          GET_AND_TOUCH,
          key,
          Utils.makeExpiration(ttl),
          '',
          seq,
        )
        memjs.perform(key, request, seq, (error: Error | null, response?: Response) => {
          if (error || !response) return reject(error ?? new Error('floor-memjs: no response'))
          const { status } = response.header
          if (status === STATUS_OK) return resolve(response.val.toString('utf8'))
          if (status === STATUS_NOT_FOUND) return resolve(null)
          reject(new Error(`floor-memjs: get-and-touch failed with status ${status}`))
        })
      })
    const client = {
      getAndTouch,
      get: async (key: string) => text((await memjs.get(key)).value),
      async set(key: string, value: string, ttl: number) {
        stored(await memjs.set(key, value, { expires: ttl }), 'set')
      },
      add: (key: string, value: string, ttl: number) => memjs.add(key, value, { expires: ttl }),
      async delete(key: string) {
        await memjs.delete(key)
      },
      async close() {
        memjs.close()
      },
    }
    return blobFloorTarget(client, options.prefix, options.fields, options.ttl, 'floor-memjs')
  },
}
