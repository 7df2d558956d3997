/**
 * How late a timed check that expects a record to be there may run and still count: later
 * than this, a record found gone may just have expired meanwhile (the process was starved of
 * CPU), and the check cannot conclude.
 */
export const LATE_TOLERANCE_MS = 200

/** How many times a case is run when its timed checks keep running too late to conclude. */
export const TIMED_ATTEMPTS = 3

/**
 * Thrown by a timed check that ran too late to conclude; the runner then runs the case again
 * (with fresh storages), up to `TIMED_ATTEMPTS` times.
 */
export class TooLate extends Error {
  constructor(what: string, lateMs: number) {
    super(
      `${what} ran ${lateMs} ms late (the process was starved of CPU), so it could not conclude`,
    )
    this.name = 'TooLate'
  }
}

/** Run `attempt` again while it throws `TooLate`, at most `TIMED_ATTEMPTS` times in all. */
export async function retryWhileTooLate(attempt: () => Promise<void>): Promise<void> {
  for (let run = 1; ; run++) {
    try {
      return await attempt()
    } catch (error) {
      if (!(error instanceof TooLate) || run === TIMED_ATTEMPTS) throw error
    }
  }
}
