// @sessionkit/react-router: React Router 7+ / Remix session storage over any sessionkit storage.
export {
  createReactRouterSessionStorage,
  type ReactRouterSessionOptions,
} from './session-storage.js'
