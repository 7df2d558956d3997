import assert from 'node:assert/strict'
import type { CaseContext } from '../case.js'
import { JSON_SAMPLES, LARGE_VALUE_BYTES, largeValue } from '../support/json-samples.js'
import { assertThrowsSessionError } from '../support/session-errors.js'
import { createStored, dataOf, readStored, saveStored } from '../support/sessions.js'

/** Every JSON type, unicode and control characters included, reads back exactly. */
export async function persistsEveryJsonType({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, JSON_SAMPLES)
  const session = await readStored(storage, cookie, 'reading the saved session')
  for (const [key, value] of Object.entries(JSON_SAMPLES)) {
    assert.deepStrictEqual(session.get(key), value, `value of "${key}" must read back unchanged`)
    assert.equal(session.has(key), true, `has("${key}")`)
  }
  assert.deepStrictEqual(session.keys().sort(), Object.keys(JSON_SAMPLES).sort(), 'keys()')
}

/** A 100 KiB value and a large structured value read back exactly. */
export async function persistsLargeValues({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const big = largeValue()
  const list = Array.from({ length: 1000 }, (_, i) => ({ i, label: `item ${i} ✓` }))
  const cookie = await createStored(storage, { big, list })
  const session = await readStored(storage, cookie, 'reading the saved session')
  const read = session.get('big')
  assert.equal(typeof read, 'string', 'the large value must read back as a string')
  assert.equal(Buffer.byteLength(read as string), LARGE_VALUE_BYTES, 'large value byte length')
  assert.ok(read === big, 'the 100 KiB value must read back byte for byte')
  assert.deepStrictEqual(session.get('list'), list, 'the 1000-item list must read back')
}

/**
 * Keys with spaces, separators, newlines and protocol words store and read back as given, and
 * so do field names that read as Redis commands, RESP frames, Lua code (script arguments are
 * data, never code) or memcached protocol lines: through a create, an update that unsets and
 * flashes some of them, and a second read. A session stored beside them is left untouched.
 */
export async function persistsUnusualKeys({ open }: CaseContext): Promise<void> {
  const data: Record<string, unknown> = {
    'key with spaces': 1,
    'a:b:c': 2,
    'line\r\nbreak': 3,
    '*': 4,
    '{hash-tag}': 5,
    END: '\r\nEND\r\n',
    'ключ 🎉': 6,
    ['k'.repeat(200)]: 7,
    'value-with-protocol': '*1\r\n$4\r\nPING\r\nset x 0 0 1\r\nEND\r\n',
    ...INERT_FIELD_NAMES,
  }
  const storage = await open()
  const bystander = await createStored(storage, { untouched: 'yes' })
  const cookie = await createStored(storage, data)
  const session = await readStored(storage, cookie, 'reading the saved session')
  assert.deepStrictEqual(dataOf(session), data, 'every key and value must read back')

  const names = Object.keys(INERT_FIELD_NAMES)
  const expected: Record<string, unknown> = { ...data }
  for (const [index, name] of names.entries()) {
    if (index % 2 === 0) {
      session.unset(name)
      delete expected[name]
    } else {
      session.set(name, `updated ${index}`)
      expected[name] = `updated ${index}`
    }
  }
  session.flash(names[0] ?? 'x', 'flashed')
  await saveStored(storage, session, 'saving an update of the unusual keys')
  const updated = await readStored(storage, cookie, 'reading the updated session')
  assert.equal(updated.get(names[0] ?? 'x'), 'flashed', 'a flash under an unusual key')
  const { [names[0] ?? 'x']: _flash, ...rest } = dataOf(updated)
  assert.deepStrictEqual(rest, expected, 'the update must apply to exactly the keys it named')
  const other = await readStored(storage, bystander, 'reading the session stored beside them')
  assert.deepStrictEqual(dataOf(other), { untouched: 'yes' }, 'the other session is untouched')
}

/**
 * Field names that look like store syntax: Redis commands and RESP frames, Lua code that would
 * escape a string or call Redis, memcached text-protocol commands and replies.
 */
const INERT_FIELD_NAMES: Record<string, unknown> = {
  FLUSHALL: 'FLUSHALL',
  '*1\r\n$8\r\nFLUSHALL\r\n': 1,
  '$-1': 2,
  '-ERR wrong': 3,
  '+OK': 4,
  ':0': 5,
  "redis.call('FLUSHALL')": "redis.call('FLUSHALL')",
  "']] .. redis.call('DEL', KEYS[1]) .. [['": 6,
  '"; return redis.call("KEYS", "*") --': 7,
  'KEYS[1]': 8,
  'ARGV[2]': 9,
  '--[[ comment': 10,
  nil: null,
  'cjson.decode': '{"a":',
  'delete session:x\r\n': 11,
  'flush_all\r\n': 12,
  'get a b c': 13,
  'VALUE k 0 1\r\nx\r\nEND\r\n': 14,
  'cas x 0 0 1 1\r\nx\r\n': 15,
  'nul\u0000byte': 16,
  '%s%n\\': 17,
}

/**
 * Key names that JSON leaves unescaped (U+2028/U+2029 line separators, DEL, a byte order
 * mark, noncharacters, NEL, HTML and URL characters, non-breaking and zero-width spaces,
 * combining marks) and names special to JavaScript objects (`constructor`, `toString`,
 * integer-like names) are stored and read back exactly, each its own key: nothing normalised
 * (NFC and NFD forms stay two keys) or trimmed. `__proto__` is refused with SessionDataError
 * (plain objects would take it as their prototype and lose it).
 */
export async function persistsKeysJsonDoesNotEscape({ open }: CaseContext): Promise<void> {
  const keys = [
    'line\u2028separator',
    'para\u2029separator',
    'del\u007F',
    '\uFEFFbom',
    'nonchar\uFFFF\uFFFE',
    'next\u0085line',
    '<script>&amp;\'"/',
    '%2F%00+;=?#',
    'nbsp\u00A0zwj\u200D',
    ' padded ',
    'caf\u00E9',
    'cafe\u0301',
    'constructor',
    'hasOwnProperty',
    'toString',
    '0',
    '-1',
    '1e3',
    '01',
    'astral \u{1F600}\u{10FFFF}',
  ]
  const data = Object.fromEntries(keys.map((key, i) => [key, `${i}:${key}`]))
  const storage = await open()
  const cookie = await createStored(storage, data)
  const session = await readStored(storage, cookie, 'reading the saved session')
  assert.deepStrictEqual(session.keys().sort(), [...keys].sort(), 'keys() lists every key as set')
  for (const [i, key] of keys.entries()) {
    assert.equal(session.get(key), `${i}:${key}`, `the value of key ${JSON.stringify(key)}`)
  }
  assertThrowsSessionError(() => session.set('__proto__', 1), 'SESSION_DATA', 'set("__proto__")')
  session.unset('toString')
  session.set('constructor', { replaced: true })
  await saveStored(storage, session, 'changing two of them')
  const after = await readStored(storage, cookie, 'reading the change')
  assert.equal(after.has('toString'), false, 'an unset "toString" key stays gone')
  assert.deepStrictEqual(after.get('constructor'), { replaced: true }, 'the "constructor" key')
  assert.equal(after.keys().length, keys.length - 1, 'the other keys stay')
}

/** Later saves patch the stored session: earlier keys stay, overwritten keys change type. */
export async function updatesMergeIntoStoredSession({ open }: CaseContext): Promise<void> {
  const storage = await open()
  const cookie = await createStored(storage, { a: 1, b: 'keep' })
  const second = await readStored(storage, cookie, 'second request')
  second.set('a', { now: 'an object' })
  second.set('c', [3])
  await saveStored(storage, second, 'saving the second request')
  const third = await readStored(storage, cookie, 'third request')
  assert.deepStrictEqual(
    dataOf(third),
    { a: { now: 'an object' }, b: 'keep', c: [3] },
    'a save must change only the keys it set, keeping the others',
  )
}
