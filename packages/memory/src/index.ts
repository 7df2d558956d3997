export { createMemoryDriver, MEMORY_DEFAULTS, type MemoryDriverOptions } from './memory-driver.js'
export { createMemorySessionStorage, type MemorySessionStorageOptions } from './memory-storage.js'
