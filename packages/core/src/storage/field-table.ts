import type { FieldWrite, SessionPatch, StoredField } from './driver.js'
import { applyPatch, writeFields } from './field-map.js'
import { isFlashField } from './reserved-fields.js'

/** Up to this many names, a name is found by a scan; past it, through an index built once. */
const SCANNED_NAMES = 16

/**
 * The names of a table's fields, in order. Never changed once a table uses it, so that the
 * next version of a record shares it while the names stay the same (the usual save).
 */
export class FieldNames {
  private index: Map<string, number> | undefined
  private flashes: boolean | undefined

  constructor(readonly list: readonly string[]) {}

  /** Whether some name is a flash field's (looked for once per list). */
  get hasFlash(): boolean {
    this.flashes ??= this.list.some(isFlashField)
    return this.flashes
  }

  /** Where `name` is in the list, or -1. */
  indexOf(name: string): number {
    if (this.list.length <= SCANNED_NAMES) return scan(this.list, name)
    this.index ??= indexOf(this.list)
    return this.index.get(name) ?? -1
  }
}

function scan(list: readonly string[], name: string): number {
  for (let i = 0; i < list.length; i++) if (list[i] === name) return i
  return -1
}

function indexOf(list: readonly string[]): Map<string, number> {
  const index = new Map<string, number>()
  for (let i = 0; i < list.length; i++) index.set(list[i] as string, i)
  return index
}

const NO_NAMES = new FieldNames([])
/** The fields of a draft between writes; never written to. */
const NO_FIELDS: StoredField[] = []

/**
 * The fields of one stored record, never changed once made: a `ReadonlyMap` over two arrays,
 * far smaller than a `Map` of a few fields and copied by copying an array of pointers. A write
 * makes a new version (`FieldTableDraft`), which shares the names of the old one when no field
 * was added or removed.
 */
export class FieldTable implements ReadonlyMap<string, StoredField> {
  /** A table without fields. */
  static readonly EMPTY = new FieldTable(NO_NAMES, [])

  /** @internal Tables are made by `FieldTableDraft`. */
  constructor(
    readonly names: FieldNames,
    readonly fields: readonly StoredField[],
  ) {}

  get size(): number {
    return this.fields.length
  }

  /** Whether some field is a flash field. */
  get hasFlash(): boolean {
    return this.names.hasFlash
  }

  get(name: string): StoredField | undefined {
    const i = this.names.indexOf(name)
    return i < 0 ? undefined : this.fields[i]
  }

  has(name: string): boolean {
    return this.names.indexOf(name) >= 0
  }

  forEach(
    callback: (field: StoredField, name: string, table: ReadonlyMap<string, StoredField>) => void,
    thisArg?: unknown,
  ): void {
    const { list } = this.names
    for (let i = 0; i < list.length; i++) {
      callback.call(thisArg, this.fields[i] as StoredField, list[i] as string, this)
    }
  }

  keys(): MapIterator<string> {
    return this.names.list.values()
  }

  values(): MapIterator<StoredField> {
    return this.fields.values()
  }

  entries(): MapIterator<[string, StoredField]> {
    const { list } = this.names
    return this.fields.map((field, i): [string, StoredField] => [list[i] as string, field]).values()
  }

  [Symbol.iterator](): MapIterator<[string, StoredField]> {
    return this.entries()
  }

  get [Symbol.toStringTag](): string {
    return 'FieldTable'
  }
}

/**
 * Writes the next version of a table as a `Map` is written (`get`, `set`, `delete`), between
 * `begin(base)` and `done()`. Its fields are a copy of the base's; its names are the base's
 * until a field is added or removed. One draft serves one writer after another: a draft made
 * per write would be an object of a shape no stored value keeps alive, and V8 throws away the
 * code optimised for such a shape at each full GC.
 */
export class FieldTableDraft {
  private names = NO_NAMES
  private ownList: string[] | undefined
  /** Index of `ownList` once it is long; dropped when a removal shifts it. */
  private ownIndex: Map<string, number> | undefined
  private fields = NO_FIELDS

  /**
   * Start writing the next version of `base` (what a previous writer left unfinished, after a
   * throw, is dropped). Writes are synchronous, so one never starts inside another.
   */
  begin(base: FieldTable = FieldTable.EMPTY): this {
    this.names = base.names
    this.ownList = undefined
    this.ownIndex = undefined
    this.fields = base.fields.slice()
    return this
  }

  get(name: string): StoredField | undefined {
    const i = this.indexOf(name)
    return i < 0 ? undefined : this.fields[i]
  }

  set(name: string, field: StoredField): this {
    const i = this.indexOf(name)
    if (i >= 0) this.fields[i] = field
    else {
      this.ownIndex?.set(name, this.fields.length)
      this.list().push(name)
      this.fields.push(field)
    }
    return this
  }

  delete(name: string): boolean {
    const i = this.indexOf(name)
    if (i < 0) return false
    this.list().splice(i, 1)
    this.fields.splice(i, 1)
    this.ownIndex = undefined
    return true
  }

  /** The table as written since `begin`. */
  done(): FieldTable {
    const table = new FieldTable(
      this.ownList ? new FieldNames(this.ownList) : this.names,
      this.fields,
    )
    this.names = NO_NAMES
    this.ownList = undefined
    this.ownIndex = undefined
    this.fields = NO_FIELDS
    return table
  }

  private indexOf(name: string): number {
    const list = this.ownList
    if (list === undefined) return this.names.indexOf(name)
    if (list.length <= SCANNED_NAMES) return scan(list, name)
    this.ownIndex ??= indexOf(list)
    return this.ownIndex.get(name) ?? -1
  }

  /** The names, copied before the first change so that the old table keeps its own. */
  private list(): string[] {
    this.ownList ??= this.names.list.slice()
    return this.ownList
  }
}

/** The draft the functions below write through, one after another. */
const draft = new FieldTableDraft()

/** A new table of the fields `writes` sets at `now` (epoch ms), field TTLs as expiry times. */
export function tableOf(writes: Readonly<Record<string, FieldWrite>>, now: number): FieldTable {
  writeFields(draft.begin(), writes, now)
  return draft.done()
}

/** The fields of `table` not expired at `now` (epoch ms), without flash fields unless kept. */
export function liveFields(table: FieldTable, now: number, keepFlashes: boolean): FieldTable {
  draft.begin()
  table.forEach((field, name) => {
    if (field.expiresAt !== undefined && field.expiresAt <= now) return
    if (keepFlashes || !isFlashField(name)) draft.set(name, field)
  })
  return draft.done()
}

/**
 * The next version of `base` after a save at `now` (epoch ms): its fields expired by then
 * dropped, then `patch` applied (unsets, then writes, field TTLs turned into expiry times).
 */
export function patchedTable(base: FieldTable, patch: SessionPatch, now: number): FieldTable {
  draft.begin(base)
  base.forEach((field, name) => {
    if (field.expiresAt !== undefined && field.expiresAt <= now) draft.delete(name)
  })
  applyPatch(draft, patch, now)
  return draft.done()
}
