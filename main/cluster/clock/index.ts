import type { Clock, ClockMode } from './types'
import type { BaseClockOptions } from './base-clock'
import { ManualClock } from './manual-clock'
import { InstantClock } from './instant-clock'
import { RealtimeClock } from './realtime-clock'
import { systemWall, type WallSource } from './wall'

export type { Clock, ClockMode, ClockState, Timer, TimerOptions } from './types'
export type { WallSource } from './wall'
export { rfc3339, rfc3339Micro } from './format'

export interface CreateClockOptions {
  /** realtime: follows the wall clock × speed; instant: jumps to the next timer when idle; manual: moves only by step()/advanceTo(). */
  mode: ClockMode
  /** Cluster ms per wall ms for a realtime clock; default 1. */
  speed?: number
  /** Cluster time to start at, ms since the epoch; default the wall clock's now. */
  start?: number
  /** Wall time and timers; tests inject a fake one to drive a realtime clock deterministically. Default: the platform's. */
  wall?: WallSource
  /**
   * setImmediate turns without timer activity that count as "idle" between
   * firings (instant jumps, steps, realtime drains); default 3. More turns
   * tolerate longer setImmediate/I/O hops; fewer run faster.
   */
  idleTurns?: number
  /** Receives exceptions thrown by timer callbacks and change listeners. Default: rethrown on a fresh stack, as an uncaught error, as the platform's timers do. */
  onTimerError?: (error: unknown) => void
}

/** Creates the cluster's clock. */
export function createClock(options: CreateClockOptions): Clock {
  const wall = options.wall ?? systemWall
  const base: BaseClockOptions = {
    wall,
    idleTurns: Math.max(1, options.idleTurns ?? 3),
    onTimerError:
      options.onTimerError ??
      ((error) =>
        queueMicrotask(() => {
          throw error
        }))
  }
  const start = options.start ?? wall.now()
  switch (options.mode) {
    case 'manual':
      return new ManualClock(start, base)
    case 'instant':
      return new InstantClock(start, base)
    case 'realtime':
      return new RealtimeClock(start, options.speed ?? 1, base)
  }
}

/** Real wall-clock ms, for the few things that must follow the real world (certificate validity). */
export function wallNow(): number {
  return systemWall.now()
}
