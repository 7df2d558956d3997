// The demo as a program: `npm run demo` at the root, or `npm start` here after a build.
// Settings come from the environment (README.md); bad settings or an unreachable store stop
// it at once with a message and exit code 1.
import { createDemoServer } from './app.js'
import { describeError } from './describe-error.js'
import { readSettings } from './settings.js'

try {
  const settings = readSettings(process.env)
  const demo = await createDemoServer({ store: settings.store, secrets: settings.secrets })
  await new Promise<void>((resolve, reject) => {
    demo.server.once('error', reject)
    demo.server.listen(settings.port, settings.host, resolve)
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      void demo.close().then(() => process.exit(0))
    })
  }
  const address = demo.server.address()
  const port = typeof address === 'object' && address ? address.port : settings.port
  console.log(
    `sessionkit demo on http://${settings.host}:${port} (store: ${demo.storeLabel}, field TTL: ${demo.storage.capabilities.fieldTtl})`,
  )
  if (settings.secretsGenerated) {
    console.log(
      'No SESSION_SECRETS set: using a random secret, so sessions end when the demo stops.',
    )
  }
} catch (error) {
  console.error(
    `sessionkit demo could not start.\n${error instanceof Error ? error.message : describeError(error)}`,
  )
  process.exit(1)
}
