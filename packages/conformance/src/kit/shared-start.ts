/** How a case started ahead of its test ended. */
type Outcome = { readonly ok: true } | { readonly ok: false; readonly error: unknown }

/**
 * Starts the concurrent cases of one test file together, so that a suite takes about as long
 * as its slowest case whatever vitest's `maxConcurrency` is, and the waits of timed cases
 * overlap. A case is registered under the key of its test; the first such test to run starts
 * every registered case whose test vitest is going to run (not those skipped or filtered out),
 * and each test then awaits its own case's outcome. Cases that must run alone wait for every
 * started case to finish first (`idle`).
 */
export class SharedStart {
  private readonly registered = new Map<string, () => Promise<void>>()
  private readonly started = new Map<string, Promise<Outcome>>()

  /** Register the case of the test `key` (suite and test name); `run` starts it. */
  add(key: string, run: () => Promise<void>): void {
    if (this.registered.has(key) || this.started.has(key)) {
      throw new Error(
        `Two conformance tests are named "${key}" in one file: give targets distinct names`,
      )
    }
    this.registered.set(key, run)
  }

  /**
   * The outcome of the case of test `key`. Starts it and, the first time, every other
   * registered case for which `willRun(key)` is true.
   */
  async result(key: string, willRun: (key: string) => boolean): Promise<void> {
    for (const other of [...this.registered.keys()]) {
      if (other === key || willRun(other)) this.start(other)
    }
    const outcome = await (this.started.get(key) ?? this.start(key))
    if (!outcome.ok) throw outcome.error
  }

  /** Resolves once every case started so far has finished. */
  async idle(): Promise<void> {
    await Promise.all(this.started.values())
  }

  private start(key: string): Promise<Outcome> {
    const run = this.registered.get(key)
    if (!run) throw new Error(`No conformance case registered as "${key}"`)
    this.registered.delete(key)
    const outcome = run().then(
      (): Outcome => ({ ok: true }),
      (error: unknown): Outcome => ({ ok: false, error }),
    )
    this.started.set(key, outcome)
    return outcome
  }
}
