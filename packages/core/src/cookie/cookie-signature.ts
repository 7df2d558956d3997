const encoder = new TextEncoder()
const keys = new Map<string, Promise<CryptoKey>>()

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    )
    keys.set(secret, key)
  }
  return key
}

/** `value` followed by '.' and its HMAC-SHA256 under `secret` (URL-safe base64, no padding). */
export async function signValue(value: string, secret: string): Promise<string> {
  const signature = await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(value))
  return `${value}.${Buffer.from(signature).toString('base64url')}`
}

/** What `unsignValue` found in a valid signed value. */
export interface UnsignedValue {
  /** The value without its signature. */
  readonly value: string
  /** Index in `secrets` of the secret whose signature matched (0: the current one). */
  readonly secretIndex: number
}

const SIGNATURE_PATTERN = /^[A-Za-z0-9_-]{43}$/

/**
 * The value inside `signed` when its signature matches one of `secrets`, else null.
 * Verification runs through WebCrypto's `verify`, which compares in constant time.
 */
export async function unsignValue(
  signed: string,
  secrets: readonly string[],
): Promise<UnsignedValue | null> {
  const dot = signed.lastIndexOf('.')
  if (dot === -1) return null
  const signature = signed.slice(dot + 1)
  if (!SIGNATURE_PATTERN.test(signature)) return null
  const value = signed.slice(0, dot)
  const data = encoder.encode(value)
  const bytes = Buffer.from(signature, 'base64url')
  // The last base64 character carries 2 unused bits: accept only the one canonical spelling.
  if (bytes.toString('base64url') !== signature) return null
  for (const [secretIndex, secret] of secrets.entries()) {
    if (await crypto.subtle.verify('HMAC', await hmacKey(secret), bytes, data))
      return { value, secretIndex }
  }
  return null
}
