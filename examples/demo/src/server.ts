import { randomBytes } from 'node:crypto'
import { createDemoServer } from './app.js'

const store = process.env.SESSION_STORE ?? 'memory://'
const port = Number(process.env.PORT ?? 3000)
const configured = process.env.SESSION_SECRETS?.split(',').filter(Boolean)
const secrets = configured?.length ? configured : [randomBytes(32).toString('base64url')]

const demo = await createDemoServer({ store, secrets })
demo.server.listen(port, '127.0.0.1', () => {
  console.log(
    `sessionkit demo on http://127.0.0.1:${port} (store: ${store.split('://')[0]}, field TTL: ${demo.storage.capabilities.fieldTtl})`,
  )
  if (!configured?.length)
    console.log(
      'No SESSION_SECRETS set: using a random secret, so sessions end when the demo stops.',
    )
})

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void demo.close().then(() => process.exit(0))
  })
}
