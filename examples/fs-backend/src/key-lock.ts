/**
 * Runs tasks one at a time per key (and freely across keys), so that the read-modify-write of
 * one session file never interleaves with another on the same file in this process.
 */
export class KeyLock {
  private readonly tails = new Map<string, Promise<unknown>>()

  /** Run `task` once every earlier task for `key` has settled; resolve with its result. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve()
    const result = previous.then(task, task)
    const tail = result.then(
      () => {},
      () => {},
    )
    this.tails.set(key, tail)
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key)
    })
    return result
  }

  /** Resolve once every task started so far has settled. */
  async idle(): Promise<void> {
    await Promise.all(this.tails.values())
  }
}
