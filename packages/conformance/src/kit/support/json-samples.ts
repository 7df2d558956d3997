import { randomBytes } from 'node:crypto'

/** One value of every JSON type and shape, unicode included, by session key. */
export const JSON_SAMPLES: Readonly<Record<string, unknown>> = {
  string: 'hello',
  emptyString: '',
  unicode: 'héllo wörld — 日本語 한국어 العربية 🎉 👨‍👩‍👧 e\u0301 \u202Eright-to-left',
  controlChars: 'line\nbreak\r\ncarriage\ttab \u0000 nul \u2028\u2029 \u007F',
  loneSurrogate: 'broken \uD800 pair',
  quotesAndEscapes: `"double" 'single' \\backslash\\ \`tick\` {"json": true}`,
  integer: 42,
  zero: 0,
  negative: -17,
  float: 0.1 + 0.2,
  tiny: Number.MIN_VALUE,
  huge: Number.MAX_VALUE,
  maxSafe: Number.MAX_SAFE_INTEGER,
  true: true,
  false: false,
  null: null,
  emptyArray: [],
  emptyObject: {},
  array: [1, 'two', [3, [4, [5]]], { six: 6 }, null, true],
  object: {
    nested: { deeper: { deepest: ['a', 'b'] } },
    ключ: 'значение',
    'emoji 🎉': true,
    '': 'empty key',
    'with.dot': 1,
    'with:colon': 2,
  },
}

/** Bytes in the large value the kit stores (100 KiB). */
export const LARGE_VALUE_BYTES = 100 * 1024

/** A string of exactly `LARGE_VALUE_BYTES` UTF-8 bytes, random ASCII and multi-byte text. */
export function largeValue(): string {
  const head = '€🎉日本'.repeat(256)
  const tailBytes = LARGE_VALUE_BYTES - Buffer.byteLength(head)
  return (
    head +
    randomBytes(Math.ceil(tailBytes * 0.75))
      .toString('base64')
      .slice(0, tailBytes)
  )
}
