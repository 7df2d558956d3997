import { randomUUID } from 'node:crypto'
import {
  type ContainerRuntimeClient,
  type GenericContainer,
  getContainerRuntimeClient,
  type StartedTestContainer,
} from 'testcontainers'
import { networkMode } from './config.js'

const HOW_TO_FIX =
  'Start Docker (or another engine testcontainers supports), or run scripts/provision-test-servers.sh ' +
  '(it sets up a local engine and images on Debian machines without Docker Hub), or point the tests at ' +
  'running servers with SESSIONKIT_REDIS8_URL, SESSIONKIT_VALKEY9_URL, SESSIONKIT_VALKEY8_URL, ' +
  'SESSIONKIT_MEMCACHED_SERVERS and SESSIONKIT_REDIS_CLUSTER_NODES ' +
  '(see the @sessionkit/test-servers README).'

let client: Promise<ContainerRuntimeClient> | undefined

/** The container engine, or an Error saying how to get one. */
export function containerEngine(): Promise<ContainerRuntimeClient> {
  if (networkMode() === 'host') {
    // Local images on offline machines: Ryuk cannot be pulled, and containers are on localhost.
    process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true'
    process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost'
  }
  client ??= getContainerRuntimeClient().catch((error: unknown) => {
    client = undefined
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`No container engine for the test servers (${reason}). ${HOW_TO_FIX}`)
  })
  return client
}

const LABEL = 'dev.sessionkit.test-server'

/**
 * Starts a container; if starting fails, removes whatever was created (Ryuk may be off) and
 * rethrows with a hint about the image.
 */
export async function startContainer(
  container: GenericContainer,
  image: string,
): Promise<StartedTestContainer> {
  const engine = await containerEngine()
  const id = randomUUID()
  try {
    return await container.withLabels({ [LABEL]: id }).start()
  } catch (error) {
    await removeLabelled(engine, id)
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(`Starting a test server from image ${image} failed: ${reason}. ${HOW_TO_FIX}`, {
      cause: error,
    })
  }
}

async function removeLabelled(engine: ContainerRuntimeClient, id: string): Promise<void> {
  try {
    const leftover = await engine.container.fetchByLabel(LABEL, id, {
      status: ['created', 'restarting', 'running', 'paused', 'exited', 'dead'],
    })
    if (leftover) await leftover.remove({ force: true, v: true })
  } catch {
    // Nothing was created, or it is gone already.
  }
}

/** Stops and removes a started container at once (test servers hold nothing worth keeping). */
export async function removeContainer(container: StartedTestContainer): Promise<void> {
  const engine = await containerEngine()
  await engine.container.getById(container.getId()).remove({ force: true, v: true })
}
