import { revokeAll, revokeOne, revokeOthers, showAccount } from './account.js'
import { count, issueCode, logIn, logOut, regenerate, remember } from './actions.js'
import { showHome } from './home.js'
import type { Route } from './route.js'

/**
 * Every page and action, by `METHOD /path`. A new page is a module in routes/ and pages/ and
 * one line here.
 */
const ROUTES: ReadonlyMap<string, Route> = new Map<string, Route>([
  ['GET /', showHome],
  ['POST /login', logIn],
  ['POST /logout', logOut],
  ['POST /regenerate', regenerate],
  ['POST /remember', remember],
  ['POST /code', issueCode],
  ['POST /count', count],
  ['GET /account', showAccount],
  ['POST /account/revoke', revokeOne],
  ['POST /account/revoke-others', revokeOthers],
  ['POST /account/revoke-all', revokeAll],
])

/** The route for a request, or undefined (a 404). */
export function findRoute(request: Request): Route | undefined {
  return ROUTES.get(`${request.method} ${new URL(request.url).pathname}`)
}
