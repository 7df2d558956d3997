import { peerSuites } from '../test-support/peer-suites.js'

// npm run peer-report: the conformance suites against memorystore, wrapped as a driver.
peerSuites('memorystore')
