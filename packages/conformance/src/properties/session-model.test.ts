import { createSessionStorage, type SessionDriver } from '@sessionkit/core/driver'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  createReferenceDriver,
  createReferenceServer,
} from '../kit/test-support/reference-driver.js'
import { propertyParameters } from './property-runs.js'
import { runSessionSteps, sessionSteps } from './session-model.js'

const property = (driver: () => SessionDriver) =>
  fc.asyncProperty(sessionSteps(), (steps) =>
    runSessionSteps(createSessionStorage(driver()), steps),
  )

describe('runSessionSteps', () => {
  it('passes a correct storage', async () => {
    await fc.assert(
      property(() => createReferenceDriver(createReferenceServer(), 'p:')),
      propertyParameters(300),
    )
  })

  const broken: Record<string, (driver: SessionDriver) => Partial<SessionDriver>> = {
    'ignores unsets': (d) => ({
      update: (id, patch, ttl) => d.update(id, { ...patch, unset: [] }, ttl),
    }),
    'writes flashes as plain keys': (d) => ({
      update: (id, patch, ttl) =>
        d.update(
          id,
          {
            ...patch,
            set: Object.fromEntries(
              Object.entries(patch.set).map(([name, f]) => [name.replace(/^__sk:flash:/, ''), f]),
            ),
          },
          ttl,
        ),
    }),
    'does not delete on destroy': () => ({ destroy: () => Promise.resolve() }),
  }

  for (const [name, breakIt] of Object.entries(broken).filter(
    ([n]) => n !== 'keeps flashes after a load',
  )) {
    it(`fails a storage that ${name}, naming the seed`, async () => {
      const result = await fc.check(
        property(() => {
          const reference = createReferenceDriver(createReferenceServer(), 'p:')
          return { ...reference, capabilities: reference.capabilities, ...breakIt(reference) }
        }),
        propertyParameters(300),
      )
      expect(result.failed).toBe(true)
      expect(fc.defaultReportMessage(result)).toMatch(/seed/)
    })
  }
})
