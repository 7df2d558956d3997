import { randomBytes } from 'node:crypto'

/** A key prefix no other storage of this run uses, e.g. `sk-test:1a2b3c4d5e6f:`. */
export function uniquePrefix(): string {
  return `sk-test:${randomBytes(6).toString('hex')}:`
}
