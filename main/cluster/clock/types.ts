/**
 * The cluster's one source of time. Nothing under main/cluster/ reads the wall
 * clock or schedules with the global timer functions: it asks a Clock, so the
 * whole cluster can run in real time, faster, paused, stepped by hand, or
 * instantly (tests and benchmarks).
 */

/** How a clock advances. */
export type ClockMode =
  /** Follows the wall clock, multiplied by `speed`; may be paused. */
  | 'realtime'
  /** Jumps straight to the next due timer whenever the process is idle. */
  | 'instant'
  /** Moves only when `step()` or `advanceTo()` is called (unit tests). */
  | 'manual'

/** What the app's clock controls show. */
export interface ClockState {
  /** Cluster time, in ms since the Unix epoch. */
  now: number
  mode: ClockMode
  /** Cluster ms per wall ms (realtime mode); 1 otherwise. */
  speed: number
  paused: boolean
}

/** A scheduled callback; cancel() is idempotent. */
export interface Timer {
  cancel(): void
}

export interface TimerOptions {
  /**
   * A background timer never drives an instant clock forward on its own:
   * periodic work (heartbeats, resyncs, retries that may go on forever) runs
   * when time passes it, but an idle cluster whose only timers are background
   * ones stops advancing instead of spinning through years of heartbeats.
   * Intervals are background by default; one-shot timers are not.
   */
  background?: boolean
}

export interface Clock {
  /** Cluster time in ms since the Unix epoch. */
  now(): number
  /** Cluster time as a Date. */
  date(): Date
  /** RFC 3339 timestamp with second precision, as Kubernetes writes metav1.Time (`2026-11-26T10:12:21Z`). */
  rfc3339(): string
  /** RFC 3339 with microseconds, as Kubernetes writes metav1.MicroTime. */
  rfc3339Micro(): string
  /** Runs fn once, `ms` of cluster time from now. */
  setTimeout(fn: () => void, ms: number, options?: TimerOptions): Timer
  /** Runs fn every `ms` of cluster time (background by default). */
  setInterval(fn: () => void, ms: number, options?: TimerOptions): Timer
  /** Resolves after `ms` of cluster time. */
  sleep(ms: number): Promise<void>
  state(): ClockState
  /** Sets the speed factor of a realtime clock (1, 10, 60, ...). */
  setSpeed(factor: number): void
  pause(): void
  resume(): void
  /** Moves time forward by ms, firing every timer due on the way, in time order. Resolves when they have run. */
  step(ms: number): Promise<void>
  /** Like step(), to an absolute cluster time; a time in the past changes nothing (time never goes back). */
  advanceTo?(time: number): Promise<void>
  /**
   * Marks work in flight that cluster time must wait for: an instant clock
   * (and a step) does not fire the next timer until every hold is released.
   * For waits on real I/O, such as a write the storage has not acknowledged
   * yet; without it a slow acknowledgement lets time jump past heartbeats.
   * Returns the release function (idempotent).
   */
  hold(): () => void
  /** Subscribes to state changes (speed, pause, steps, jumps). Returns the unsubscribe function. */
  onChange(listener: (state: ClockState) => void): () => void
  /** Cancels every timer; the clock is unusable afterwards. */
  dispose(): void
}
