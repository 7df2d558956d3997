export { createMemoryDriver } from './memory-driver.js'
export { createMemorySessionStorage } from './memory-storage.js'
export { MEMORY_DEFAULTS, type MemoryOptions, memoryOptionsSchema } from './options.js'
export { sessionBackend } from './session-backend.js'
