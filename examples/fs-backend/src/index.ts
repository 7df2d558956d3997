export { createFsDriver, type FsDriverOptions } from './fs-driver.js'
export { createFsSessionStorage, type FsSessionStorageOptions } from './fs-storage.js'
