// @sessionkit/express-session: an express-session Store over any sessionkit storage.
export { SessionkitStore } from './sessionkit-store.js'
