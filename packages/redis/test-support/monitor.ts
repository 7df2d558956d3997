import type { TestServer } from '@sessionkit/test-servers'
import { Redis } from 'ioredis'
import { rawClient } from './redis-targets.js'

/** Commands the server received from clients (not from inside scripts) while `action` ran. */
export async function commandsDuring(server: TestServer, action: () => Promise<unknown>) {
  // Never connected itself (a QUIT of its own could show up in the monitor's output).
  const client = new Redis({ host: server.host, port: server.port, lazyConnect: true })
  const monitor = await client.monitor()
  client.disconnect()
  const seen: { source: string; args: string[] }[] = []
  monitor.on('monitor', (_time: string, args: string[], source: string) => {
    if (source !== 'lua') seen.push({ source, args })
  })
  await action()
  // MONITOR output trails the replies: wait for a marker sent once the action is done.
  const marker = rawClient(server)
  await marker.call('ECHO', 'sk-monitor-end')
  await marker.quit()
  for (let i = 0; i < 50 && !seen.some(({ args }) => args[1] === 'sk-monitor-end'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
  monitor.disconnect()
  const markerSource = seen.find(({ args }) => args[1] === 'sk-monitor-end')?.source
  return seen.filter(({ source }) => source !== markerSource).map(({ args }) => args)
}
