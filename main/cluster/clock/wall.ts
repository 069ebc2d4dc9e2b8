/**
 * The real world, as the clock sees it. This module is the one place under
 * main/cluster that touches the platform's time and timer functions; tests
 * inject a fake WallSource to drive a realtime clock deterministically.
 */

/** Wall time and wall timers. */
export interface WallSource {
  /** Wall time in ms since the epoch. */
  now(): number
  /** Schedules fn after ms of wall time; returns a handle for clearTimeout. */
  setTimeout(fn: () => void, ms: number): unknown
  /** Cancels a timer from setTimeout. */
  clearTimeout(handle: unknown): void
  /** Runs fn after pending I/O callbacks and microtasks: how the clock waits for the process to go idle. */
  setImmediate(fn: () => void): void
}

/** The platform's wall clock and timers. */
export const systemWall: WallSource = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  setImmediate: (fn) => {
    setImmediate(fn)
  }
}
