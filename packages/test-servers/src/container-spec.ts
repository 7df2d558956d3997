import { GenericContainer, type StartedTestContainer, type WaitStrategy } from 'testcontainers'
import { networkMode } from './config.js'
import { containerEngine, startContainer } from './engine.js'

/** The address servers listen on inside the container: loopback with host networking. */
export function bindAddress(): string {
  return networkMode() === 'host' ? '127.0.0.1' : '0.0.0.0'
}

/** What to run: an image, its command, the ports it listens on, and when it is ready. */
export interface ContainerSpec {
  readonly image: string
  readonly command: string[]
  /** Ports the servers listen on; with bridge networking each is published on the same host port. */
  readonly ports: number[]
  /** When the container is ready, given the host its ports are reachable at. */
  readonly waitStrategy: (host: string) => WaitStrategy
  /** Files copied into the container before it starts (no bind mounts: works with remote engines). */
  readonly files?: readonly ContainerFile[]
}

/** A file to put into a container: its absolute path there, its text and its mode. */
export interface ContainerFile {
  readonly target: string
  readonly content: string
  /** Permission bits (default 0o644: readable by the unprivileged user servers run as). */
  readonly mode?: number
}

/** The host published ports are reachable at: loopback, or the engine's host (remote Docker). */
export async function reachableHost(): Promise<string> {
  const host =
    networkMode() === 'host' ? '127.0.0.1' : (await containerEngine()).info.containerRuntime.host
  return host === 'localhost' ? '127.0.0.1' : host
}

/**
 * Starts a container for `spec` with host networking or bridge networking (ports published 1:1),
 * and returns it with the host to reach its ports at.
 */
export async function startSpec(
  spec: ContainerSpec,
): Promise<{ container: StartedTestContainer; host: string }> {
  const host = await reachableHost()
  let definition = new GenericContainer(spec.image)
    .withCommand(spec.command)
    .withWaitStrategy(spec.waitStrategy(host))
    .withStartupTimeout(60_000)
  if (spec.files?.length) {
    definition = definition.withCopyContentToContainer(
      spec.files.map(({ target, content, mode }) => ({ target, content, mode: mode ?? 0o644 })),
    )
  }
  definition =
    networkMode() === 'host'
      ? definition.withNetworkMode('host')
      : definition.withExposedPorts(...spec.ports.map((port) => ({ container: port, host: port })))
  return { container: await startContainer(definition, spec.image), host }
}

/** Runs `start` with fresh free ports up to 3 times (another process may grab a port first). */
export async function withPortRetries<T>(start: () => Promise<T>): Promise<T> {
  let lastError: unknown
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await start()
    } catch (error) {
      lastError = error
      if (error instanceof Error && /No container engine/.test(error.message)) break
    }
  }
  throw lastError
}
