// A Node http server that streams 200 MiB to its first request, with or without sessionkit's
// middleware (argv[2]: 'session' | 'plain'), honouring backpressure as a careful handler does.
// Prints {"port"} once listening, then, once the response is done, the growth of its RSS while
// it streamed, as JSON, and exits. The reader is the parent process.
import { once } from 'node:events'
import { createServer } from 'node:http'
import { createCookie, nodeSessionMiddleware } from '@sessionkit/core'
import { createMemorySessionStorage } from '@sessionkit/memory'

const TOTAL = 200 * 1024 * 1024
const CHUNK_BYTES = 64 * 1024
const withSession = process.argv[2] === 'session'

const storage = createMemorySessionStorage()
const middleware = nodeSessionMiddleware({
  storage,
  cookie: createCookie('sid', { secrets: ['s'.repeat(32)] }),
})

const baseline = process.memoryUsage.rss()
let peak = baseline
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage.rss())
}, 5)

/** Write TOTAL bytes, waiting for 'drain' whenever a write says the buffer is full. */
async function stream(res) {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' })
  for (let sent = 0; sent < TOTAL; sent += CHUNK_BYTES) {
    // A new buffer per chunk, as a file or database stream gives: queued chunks cost memory.
    if (!res.write(Buffer.alloc(CHUNK_BYTES, 'x'))) await once(res, 'drain')
    // Collect written chunks now and then (--expose-gc), so that RSS shows what is held.
    if (sent % (8 * 1024 * 1024) === 0) globalThis.gc?.()
  }
  res.end()
  await once(res, 'finish')
  clearInterval(sampler)
  const mib = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10
  console.log(
    JSON.stringify({ growthMiB: mib(Math.max(peak, process.memoryUsage.rss()) - baseline) }),
  )
  server.close()
  await storage.close()
}

const server = createServer((req, res) => {
  if (!withSession) return void stream(res)
  middleware(req, res, (error) => {
    if (error) throw error
    req.session.set('streaming', true)
    void stream(res)
  })
})
server.listen(0, '127.0.0.1', () => console.log(JSON.stringify({ port: server.address().port })))
