export {
  ATTRIBUTES,
  DURATION_METRIC,
  INSTRUMENTATION_NAME,
  type InstrumentationOptions,
  instrumentSessionkit,
  type SessionkitInstrumentation,
} from './instrument-sessionkit.js'
