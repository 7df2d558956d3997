import type { WaitStrategy } from 'testcontainers'
import { pollUntil, type ServerKind, serves } from './readiness.js'

type Container = Parameters<WaitStrategy['waitUntilReady']>[0]

/**
 * Turns a container's exit before serving into a specific error, given its exit code and a way
 * to read its output; undefined keeps the generic one.
 */
export type ExitExplainer = (
  exitCode: number,
  logs: () => Promise<string>,
) => Promise<Error | undefined>

/**
 * A testcontainers wait strategy: ready once the server answers its protocol on a known host
 * port (works in host and bridge networking); fails fast if the container exits.
 */
export class ServingWaitStrategy implements WaitStrategy {
  private timeoutMs = 60_000
  private timeoutSet = false

  constructor(
    private readonly kind: ServerKind,
    private readonly host: string,
    private readonly port: number,
    private readonly explainExit?: ExitExplainer,
  ) {}

  async waitUntilReady(container: Container): Promise<void> {
    await pollUntil(
      async () => {
        const state = (await container.inspect()).State
        if (!state.Running) {
          const logs = async () => (await container.logs({ stdout: true, stderr: true })).toString()
          throw (
            (await this.explainExit?.(state.ExitCode, logs)) ??
            new Error(`Container exited (code ${state.ExitCode}) before serving`)
          )
        }
        return serves(this.kind, this.host, this.port)
      },
      `${this.kind} on ${this.host}:${this.port} to serve`,
      this.timeoutMs,
    )
  }

  withStartupTimeout(startupTimeoutMs: number): this {
    this.timeoutMs = startupTimeoutMs
    this.timeoutSet = true
    return this
  }

  isStartupTimeoutSet(): boolean {
    return this.timeoutSet
  }

  getStartupTimeout(): number {
    return this.timeoutMs
  }
}
