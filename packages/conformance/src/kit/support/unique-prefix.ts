/** A key prefix no other storage of this run uses, e.g. `sk-test:1a2b3c4d5e6f:`. */
export function uniquePrefix(): string {
  // Web Crypto, not node:crypto: importing the kit must stay fast (footprint.test.ts).
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6))
  return `sk-test:${Buffer.from(bytes).toString('hex')}:`
}
