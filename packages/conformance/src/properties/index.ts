// @sessionkit/conformance/properties: property tests with fast-check (an optional peer
// dependency: install it to use this entry point).
export { propertyParameters } from './property-runs.js'
export { runSessionSteps, type SessionStep, sessionSteps } from './session-model.js'
