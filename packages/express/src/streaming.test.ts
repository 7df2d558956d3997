import { spawn } from 'node:child_process'
import { get } from 'node:http'
import { createInterface } from 'node:readline'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'

/**
 * Stream 200 MiB from a server in a child process ('session': through nodeSessionMiddleware,
 * 'plain': without) to a slow reader here; the bytes read and the server's RSS growth.
 */
async function streamed(
  mode: string,
): Promise<{ receivedMiB: number; growthMiB: number; cookie: string | undefined }> {
  const script = new URL('../test-support/stream-rss.mjs', import.meta.url).pathname
  const child = spawn(process.execPath, ['--expose-gc', script, mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  try {
    const { port } = JSON.parse((await lines.next()).value)
    let cookie: string | undefined
    const received = await new Promise<number>((resolve, reject) => {
      get(`http://127.0.0.1:${port}/`, (res) => {
        cookie = res.headers['set-cookie']?.[0]
        let bytes = 0
        let sincePause = 0
        res.on('data', async (chunk: Buffer) => {
          bytes += chunk.length
          sincePause += chunk.length
          // The slow reader: a 15 ms pause after every 2 MiB.
          if (sincePause >= 2 * 1024 * 1024) {
            sincePause = 0
            res.pause()
            await sleep(15)
            res.resume()
          }
        })
        res.on('end', () => resolve(bytes))
        res.on('error', reject)
      }).on('error', reject)
    })
    const { growthMiB } = JSON.parse((await lines.next()).value)
    return { receivedMiB: received / 1024 / 1024, growthMiB, cookie }
  } finally {
    child.kill()
  }
}

describe('streaming through nodeSessionMiddleware', () => {
  it('keeps backpressure: 200 MiB to a slow reader grows RSS by less than 50 MiB', async () => {
    const plain = await streamed('plain')
    const session = await streamed('session')
    console.log(
      `200 MiB to a slow reader, server RSS growth: ${plain.growthMiB} MiB without the middleware, ${session.growthMiB} MiB with it`,
    )
    expect([plain.receivedMiB, session.receivedMiB]).toEqual([200, 200])
    expect(session.cookie).toMatch(/^sid=/) // saved before the head went out
    expect(session.growthMiB).toBeLessThan(50)
  }, 240_000)
})
