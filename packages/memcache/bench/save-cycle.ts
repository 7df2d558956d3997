/**
 * Benchmark (not a test): requests per second of one session cycle (read, change one field,
 * save) through this storage, next to plain memjs get + set of the same JSON blob, on the same
 * memcached server in one run. `npm run bench` in packages/memcache.
 *
 * Server: `--server host:port`, else the first of SESSIONKIT_MEMCACHED_SERVERS, else a
 * throwaway container from @sessionkit/conformance (source .sessionkit/test-env.sh first on
 * machines without Docker Hub). Options: --seconds N (per measurement, default 3),
 * --sessions N (default 1000), --concurrency 1,16,64.
 */
import { parseArgs } from 'node:util'
import { startMemcachedServer } from '@sessionkit/test-servers'
import { Client } from 'memjs'
import { createMemcacheSessionStorage } from '../src/index.js'

const { values: args } = parseArgs({
  options: {
    server: { type: 'string' },
    seconds: { type: 'string', default: '3' },
    sessions: { type: 'string', default: '1000' },
    concurrency: { type: 'string', default: '1,16,64' },
  },
})
const seconds = Number(args.seconds)
const sessionCount = Number(args.sessions)
const levels = args.concurrency.split(',').map(Number)
const TTL = 3600

/** A typical session: a user object, a few preferences, a small cart (about 600 bytes). */
function sampleSession(i: number): Record<string, unknown> {
  return {
    user: { id: i, name: `User ${i}`, email: `user${i}@example.com`, roles: ['member'] },
    csrf: 'x'.repeat(43),
    locale: 'en-GB',
    theme: 'dark',
    cart: Array.from({ length: 5 }, (_, n) => ({ sku: `SKU-${n}`, qty: n + 1, price: 9.99 })),
    lastPage: '/account/orders?page=2',
    counter: 0,
  }
}

/** Run `cycle` from `concurrency` workers for `seconds`; cycles per second. */
async function measure(concurrency: number, cycle: (n: number) => Promise<void>) {
  let done = 0
  const deadline = performance.now() + seconds * 1000
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      for (let n = worker; performance.now() < deadline; n += concurrency) {
        await cycle(n % sessionCount)
        done++
      }
    }),
  )
  return done / ((performance.now() - started) / 1000)
}

async function main() {
  const external = args.server ?? process.env.SESSIONKIT_MEMCACHED_SERVERS?.split(',')[0]
  const started = external ? undefined : await startMemcachedServer()
  const server = external ?? (started?.url as string)
  const storage = createMemcacheSessionStorage({ servers: [server], prefix: 'bench:sk:', ttl: TTL })
  const memjs = Client.create(server, { timeout: 5, logger: { log: () => {} } })
  try {
    const cookies: string[] = []
    for (let i = 0; i < sessionCount; i++) {
      const session = await storage.read(null)
      for (const [key, value] of Object.entries(sampleSession(i))) session.set(key, value)
      cookies.push((await storage.save(session)) as string)
      await memjs.set(`bench:raw:${i}`, JSON.stringify(sampleSession(i)), { expires: TTL })
    }

    const storageCycle = async (i: number) => {
      const session = await storage.read(cookies[i] as string)
      session.set('counter', (session.get('counter') as number) + 1)
      await storage.save(session)
    }
    const memjsCycle = async (i: number) => {
      const { value } = await memjs.get(`bench:raw:${i}`)
      const data = JSON.parse(String(value)) as { counter: number }
      data.counter++
      await memjs.set(`bench:raw:${i}`, JSON.stringify(data), { expires: TTL })
    }

    console.log(`memcached ${server}: ${sessionCount} sessions, ${seconds} s per measurement`)
    console.log('read + modify one field + save, cycles per second:')
    console.log('concurrency | @sessionkit/memcache | plain memjs get+set | ratio')
    for (const concurrency of levels) {
      await measure(concurrency, storageCycle) // warm-up
      const kit = await measure(concurrency, storageCycle)
      const raw = await measure(concurrency, memjsCycle)
      console.log(
        `${String(concurrency).padStart(11)} | ${kit.toFixed(0).padStart(20)} | ${raw
          .toFixed(0)
          .padStart(19)} | ${(kit / raw).toFixed(2)}`,
      )
    }
  } finally {
    await storage.close()
    memjs.close()
    await started?.stop()
  }
}

await main()
