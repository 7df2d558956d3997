/** `value` as a Lua string literal, every byte outside printable ASCII escaped. */
export function luaString(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    const printable = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c
    out += printable ? String.fromCharCode(byte) : `\\${byte.toString().padStart(3, '0')}`
  }
  return `"${out}"`
}
