import { peerSuites } from '../test-support/peer-suites.js'

// npm run peer-report: the conformance suites against remix memcache, wrapped as a driver.
peerSuites('remix memcache')
