// Fault, soak and memory-bound tests (src/faults/) run after the others, one file at a time.
export { default } from '../../config/vitest-faults-last.js'
