/**
 * A new, well-formed session id, which no storage holds. Core's driver entry is imported on
 * first use, not with the kit: it loads zod, which would double the kit's import time
 * (footprint.test.ts).
 */
export async function unknownSessionId(): Promise<string> {
  const { generateSessionId } = await import('@sessionkit/core/driver')
  return generateSessionId()
}
