import { describe, expect, it } from 'vitest'
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_STORE,
  DemoSettingsError,
  readSettings,
} from './settings.js'

const SECRET_A = 'a'.repeat(32)
const SECRET_B = 'b'.repeat(40)

function problems(env: Record<string, string>): readonly string[] {
  try {
    readSettings(env)
  } catch (error) {
    expect(error).toBeInstanceOf(DemoSettingsError)
    return (error as DemoSettingsError).issues
  }
  throw new Error('expected a DemoSettingsError')
}

describe('readSettings', () => {
  it('defaults to the memory store, port 3000 on 127.0.0.1 and a random secret', () => {
    const one = readSettings({})
    const two = readSettings({})
    expect(one).toMatchObject({ store: DEFAULT_STORE, port: DEFAULT_PORT, host: DEFAULT_HOST })
    expect(one.secretsGenerated).toBe(true)
    expect(one.secrets).toHaveLength(1)
    expect(one.secrets[0]?.length).toBeGreaterThanOrEqual(32)
    expect(one.secrets[0]).not.toBe(two.secrets[0])
  })

  it('reads SESSION_STORE, PORT, HOST and SESSION_SECRETS (comma-separated, newest first)', () => {
    const settings = readSettings({
      SESSION_STORE: 'redis://cache:6379',
      SESSION_SECRETS: ` ${SECRET_B} ,${SECRET_A},`,
      PORT: '8080',
      HOST: '0.0.0.0',
    })
    expect(settings).toEqual({
      store: 'redis://cache:6379',
      secrets: [SECRET_B, SECRET_A],
      secretsGenerated: false,
      port: 8080,
      host: '0.0.0.0',
    })
  })

  it('takes an empty PORT or SESSION_STORE as unset', () => {
    expect(readSettings({ PORT: '', SESSION_STORE: ' ' })).toMatchObject({
      port: DEFAULT_PORT,
      store: DEFAULT_STORE,
    })
  })

  it('refuses SESSION_SECRET (singular) instead of ignoring it', () => {
    expect(problems({ SESSION_SECRET: SECRET_A })).toEqual([
      'SESSION_SECRET is not read: set SESSION_SECRETS (comma-separated secrets, newest first) instead',
    ])
  })

  it('lists every problem at once, naming no secret', () => {
    const issues = problems({ SESSION_SECRETS: `${SECRET_A},short-secret`, PORT: '70000' })
    expect(issues).toEqual([
      'SESSION_SECRETS: secret 2 has 12 characters, at least 32 are needed',
      'PORT must be a whole number from 0 to 65535, got "70000"',
    ])
    expect(issues.join('\n')).not.toContain('short-secret')
  })

  it.each(['-1', '3.5', 'http', '1e3', '65536'])('refuses PORT=%j', (port) => {
    expect(problems({ PORT: port })).toEqual([
      `PORT must be a whole number from 0 to 65535, got "${port}"`,
    ])
  })
})
