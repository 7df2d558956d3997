import type { StartedTestContainer } from 'testcontainers'
import { containerEngine, removeContainer } from './engine.js'
import { type ServerKind, waitUntilRefusing, waitUntilServing } from './readiness.js'
import type { TestServer } from './types.js'

/**
 * Wraps a started container serving on a fixed host port as a TestServer: pause stops the
 * container (the port refuses connections), resume starts it again on the same port; kill,
 * freeze and thaw send SIGKILL, SIGSTOP and SIGCONT to the server (the container's process).
 */
export function containerServer(
  kind: ServerKind,
  container: StartedTestContainer,
  host: string,
  port: number,
): TestServer {
  let stopped = false
  const dockerContainer = async () => (await containerEngine()).container.getById(container.getId())
  const ensureRunning = (action: string) => {
    if (stopped) throw new Error(`Cannot ${action} ${kind} on ${host}:${port}: it was stopped`)
  }
  return {
    host,
    port,
    url: kind === 'memcached' ? `${host}:${port}` : `${kind}://${host}:${port}`,
    async stop() {
      if (stopped) return
      stopped = true
      await removeContainer(container)
    },
    async pause() {
      ensureRunning('pause')
      const target = await dockerContainer()
      if ((await target.inspect()).State.Running) await target.stop({ t: 0 })
      await waitUntilRefusing(host, port)
    },
    async kill() {
      ensureRunning('kill')
      const target = await dockerContainer()
      if ((await target.inspect()).State.Running) await target.kill({ signal: 'SIGKILL' })
      await waitUntilRefusing(host, port)
    },
    async freeze() {
      ensureRunning('freeze')
      await (await dockerContainer()).kill({ signal: 'SIGSTOP' })
    },
    async thaw() {
      ensureRunning('thaw')
      await (await dockerContainer()).kill({ signal: 'SIGCONT' })
    },
    async resume() {
      ensureRunning('resume')
      const target = await dockerContainer()
      if (!(await target.inspect()).State.Running) await target.start()
      await waitUntilServing(kind, host, port)
    },
  }
}
