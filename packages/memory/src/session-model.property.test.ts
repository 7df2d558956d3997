import {
  propertyParameters,
  runSessionSteps,
  sessionSteps,
} from '@sessionkit/conformance/properties'
import fc from 'fast-check'
import { it } from 'vitest'
import { createMemorySessionStorage } from './memory-storage.js'

// Random sequences of set / unset / flash / save / read / destroy / regenerate, each on a
// fresh storage, against a model. SESSIONKIT_PROPERTY_RUNS runs more; a failure prints its seed
// (replay with SESSIONKIT_PROPERTY_SEED).
it('behaves like the model under random request sequences', async () => {
  await fc.assert(
    fc.asyncProperty(sessionSteps(), async (steps) => {
      const storage = createMemorySessionStorage()
      try {
        await runSessionSteps(storage, steps)
      } finally {
        await storage.close()
      }
    }),
    propertyParameters(300),
  )
})
