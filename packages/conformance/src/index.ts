export * from './kit/index.js'
export * from './servers/index.js'
