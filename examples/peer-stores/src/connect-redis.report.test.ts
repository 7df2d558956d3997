import { peerSuites } from '../test-support/peer-suites.js'

// npm run peer-report: the conformance suites against connect-redis, wrapped as a driver.
peerSuites('connect-redis')
