import type { ReadItem } from './item-store.js'

/** Most items a driver keeps between a load and the save that may follow it. */
export const LOADED_ITEMS_MAX_COUNT = 1_000

/** Most characters of item values it keeps (the decoded fields are slices of them). */
export const LOADED_ITEMS_MAX_CHARACTERS = 16 * 1024 * 1024

/**
 * The items the driver's loads read (fields and CAS, as the GAT returned them), by storage id
 * (one driver, one key prefix), kept so that the save that usually follows a load can write its
 * patch with that CAS instead of reading the item again: a modifying request costs two round
 * trips (GAT, CAS SET), not three.
 *
 * Why this is safe: a kept item is exactly the item at its version, so a patch applied to it and
 * written with that CAS either lands on that very version or is refused (`exists`: the driver
 * reads the item again and re-applies the patch; `not-found`: the session is gone and stays so).
 * A stale or foreign entry (another request of the same session loaded it later) therefore costs
 * at most a retry, never an update. An entry is used once: `take` removes it. Bounded by count
 * and characters, oldest first out: entries of loads never followed by a save (read-only
 * requests) only stay until newer loads push them out.
 */
export class LoadedItems {
  /**
   * Slots, not items: a slot is emptied when its item leaves. A Map that entries keep entering
   * and leaving rebuilds its table often, and V8 keeps the tables it replaced linked to the new
   * ones; once one of them had reached the old generation, every item that passed through the
   * Map stayed reachable until the next full collection (measured at 32 concurrent requests:
   * 1.6 MB promoted per young-generation collection, 98 kB with emptied slots).
   */
  private readonly slots = new Map<string, Slot>()
  private characters = 0

  constructor(
    private readonly maxCount: number = LOADED_ITEMS_MAX_COUNT,
    private readonly maxCharacters: number = LOADED_ITEMS_MAX_CHARACTERS,
  ) {}

  /** How many items are kept. */
  get size(): number {
    return this.slots.size
  }

  /** Keep `item`, just loaded for storage id `id`, in place of any kept before. */
  keep(id: string, item: ReadItem): void {
    this.take(id)
    const characters = item.stored.length
    if (characters > this.maxCharacters) return
    this.slots.set(id, { item, characters })
    this.characters += characters
    if (this.slots.size <= this.maxCount && this.characters <= this.maxCharacters) return
    for (const oldest of this.slots.keys()) {
      this.take(oldest)
      if (this.slots.size <= this.maxCount && this.characters <= this.maxCharacters) break
    }
  }

  /** The item kept for storage id `id`, which is forgotten: each is used at most once. */
  take(id: string): ReadItem | undefined {
    const slot = this.slots.get(id)
    if (slot === undefined) return undefined
    const { item } = slot
    slot.item = undefined
    this.slots.delete(id)
    this.characters -= slot.characters
    return item
  }
}

/** A kept item (until taken) and its characters. */
interface Slot {
  item: ReadItem | undefined
  readonly characters: number
}
