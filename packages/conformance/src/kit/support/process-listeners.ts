/** Listener counts of every event of `process`, e.g. `{ exit: 1, SIGINT: 0 }`. */
export function processListeners(): Map<string | symbol, number> {
  return new Map(process.eventNames().map((name) => [name, process.listenerCount(name)]))
}

/** Events of `process` with more listeners now than in `before`, e.g. `['exit +1000']`. */
export function addedProcessListeners(before: Map<string | symbol, number>): string[] {
  const added: string[] = []
  for (const [name, count] of processListeners()) {
    const more = count - (before.get(name) ?? 0)
    if (more > 0) added.push(`${String(name)} +${more}`)
  }
  return added
}
