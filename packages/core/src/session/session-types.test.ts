import { describe, expectTypeOf, it } from 'vitest'
import { withSession } from '../middleware/fetch-middleware.js'
import type { RequestWithSession } from '../middleware/node-middleware.js'
import type { SessionStorage } from '../storage/session-storage.js'
import type { AnySession, Session } from './session.js'

// Type tests: checked by `tsc` (npm run typecheck, in CI). The sessions are never made: the
// checks live in functions that only the compiler looks at.

interface Data {
  user: string
  cart: string[]
}
interface Flash {
  notice: string
}

describe('Session<Data, Flash>', () => {
  it('types get, set, unset and flash by key', () => {
    ;(session: Session<Data, Flash>) => {
      expectTypeOf(session.get('user')).toEqualTypeOf<string | undefined>()
      expectTypeOf(session.get('cart')).toEqualTypeOf<string[] | undefined>()
      expectTypeOf(session.get('notice')).toEqualTypeOf<string | undefined>()
      expectTypeOf(session.set<'user'>)
        .parameter(1)
        .toEqualTypeOf<string>()
      expectTypeOf(session.flash<'notice'>)
        .parameter(1)
        .toEqualTypeOf<string>()
      // @ts-expect-error: not a key of Data
      session.set('admin', true)
      // @ts-expect-error: a string[] key given a number
      session.set('cart', 3)
      // @ts-expect-error: flash keys come from Flash
      session.flash('user', 'x')
      // @ts-expect-error: not a key of Data or Flash
      session.get('nope')
    }
  })

  it('keeps the untyped use compiling: any key, unknown values', () => {
    ;(session: Session) => {
      expectTypeOf(session.get('anything')).toEqualTypeOf<unknown>()
      session.set('anything', { nested: [1, 2] })
      session.flash('message', 'hi')
      session.unset('anything')
    }
  })

  it('lets typed sessions go wherever a storage takes one', () => {
    ;(storage: SessionStorage, session: Session<Data, Flash>) => {
      expectTypeOf(session).toExtend<AnySession>()
      expectTypeOf(storage.save).toBeCallableWith(session)
      expectTypeOf(session.save()).toEqualTypeOf<Promise<void>>()
      expectTypeOf(storage.ready).returns.resolves.toHaveProperty('fieldTtl')
    }
  })

  it('types the middleware session by the app', () => {
    ;(storage: SessionStorage, req: RequestWithSession<Session<Data>>) => {
      expectTypeOf(req.session.get('user')).toEqualTypeOf<string | undefined>()
      withSession<Session<Data, Flash>>(
        (_request, session) => {
          expectTypeOf(session.get('notice')).toEqualTypeOf<string | undefined>()
          return new Response()
        },
        { storage, cookie: {} as never },
      )
    }
  })
})
