import type { Family, TargetDefinition } from '../targets/target.js'

/** For report tests: a target's `open`, which a report never calls. */
export const unopened = (): Promise<never> => Promise.reject(new Error('not opened in this test'))

/** For report tests: a sessionkit target that is only named, never opened. */
export function namedTarget(name: string, label: string, family: Family): TargetDefinition {
  return { name, label, family, kind: 'sessionkit', open: unopened }
}
