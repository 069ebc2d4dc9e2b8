import type { Clock, ClockMode, ClockState, Timer, TimerOptions } from './types'
import { TimerHeap, type HeapTimer } from './timer-heap'
import { rfc3339, rfc3339Micro } from './format'
import type { WallSource } from './wall'

/** What every mode shares; see createClock for the options' meaning. */
export interface BaseClockOptions {
  wall: WallSource
  /** setImmediate turns without timer activity that count as "the process is idle". */
  idleTurns: number
  /** Receives exceptions thrown by timer callbacks. */
  onTimerError: (error: unknown) => void
}

/**
 * The parts of a clock every mode shares: the timer heap, firing in time
 * order, stepping, state listeners and formatting. A mode decides what "now"
 * is (moveTo, now) and when timers fire on their own (the hooks).
 */
export abstract class BaseClock implements Clock {
  protected readonly heap = new TimerHeap()
  protected paused = false
  protected disposed = false
  /** True while step()/advanceTo() owns time; modes hold their own firing meanwhile. */
  protected stepping = false
  /** Bumped on every schedule, cancel and firing: how idleness is detected. */
  protected activity = 0
  /** Work in flight that time waits for (see hold()). */
  private holds = 0
  private readonly holdWaiters: Array<() => void> = []
  private readonly listeners = new Set<(state: ClockState) => void>()
  // Steps queue behind each other, so `step(a); step(b)` moves a + b in order.
  private exclusive: Promise<void> = Promise.resolve()

  constructor(
    readonly mode: ClockMode,
    protected readonly options: BaseClockOptions
  ) {}

  abstract now(): number
  /** Moves cluster time forward to t (never back). */
  protected abstract moveTo(t: number): void
  /** The speed factor state() reports. */
  protected speedFactor(): number {
    return 1
  }
  /** Called after the set of pending timers changed. */
  protected timersChanged(): void {}
  /** Called just before `paused` flips, while now() still answers for the old state. */
  protected beforePauseChange(): void {}
  /** Called after `paused` flipped, after a step ended, and on dispose. */
  protected afterChange(): void {}

  date(): Date {
    return new Date(this.now())
  }

  rfc3339(): string {
    return rfc3339(this.now())
  }

  rfc3339Micro(): string {
    return rfc3339Micro(this.now())
  }

  setTimeout(fn: () => void, ms: number, options?: TimerOptions): Timer {
    return this.schedule(fn, sanitize(ms), undefined, options?.background ?? false)
  }

  setInterval(fn: () => void, ms: number, options?: TimerOptions): Timer {
    // A zero period would make a step fire the interval forever at one instant.
    const period = Math.max(1, sanitize(ms))
    return this.schedule(fn, period, period, options?.background ?? true)
  }

  /** Resolves after ms of cluster time. A foreground timer: an instant clock jumps to it. Never resolves once the clock is disposed. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.setTimeout(resolve, ms)
    })
  }

  state(): ClockState {
    return { now: this.now(), mode: this.mode, speed: this.speedFactor(), paused: this.paused }
  }

  /** Only a realtime clock has a speed; the other modes ignore this. */
  setSpeed(factor: number): void {
    if (!Number.isFinite(factor) || factor <= 0) throw new RangeError(`clock speed must be a positive number, got ${factor}`)
  }

  pause(): void {
    this.setPaused(true)
  }

  resume(): void {
    this.setPaused(false)
  }

  step(ms: number): Promise<void> {
    return this.runExclusive(() => this.advance(this.now() + sanitize(ms)))
  }

  advanceTo(time: number): Promise<void> {
    return this.runExclusive(() => this.advance(time))
  }

  hold(): () => void {
    this.holds++
    let released = false
    return () => {
      if (released) return
      released = true
      this.holds--
      this.activity++
      if (this.holds === 0) for (const wake of this.holdWaiters.splice(0)) wake()
    }
  }

  onChange(listener: (state: ClockState) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  dispose(): void {
    if (this.disposed) return
    this.disposed = true
    this.heap.clear()
    for (const wake of this.holdWaiters.splice(0)) wake()
    this.listeners.clear()
    this.afterChange()
  }

  /** Tells the listeners; a throwing listener must not stop time. */
  protected emit(): void {
    if (this.listeners.size === 0) return
    const state = this.state()
    for (const listener of [...this.listeners]) {
      try {
        listener(state)
      } catch (error) {
        this.options.onTimerError(error)
      }
    }
  }

  /** Runs fn after every earlier exclusive section (steps, realtime drains) has finished. */
  protected runExclusive(fn: () => Promise<void>): Promise<void> {
    const run = this.exclusive.then(fn)
    this.exclusive = run.catch(() => {})
    return run
  }

  /**
   * Fires the earliest timer: re-queues an interval first (so it can cancel
   * itself from its callback), then calls it. Intervals keep their phase
   * (next = due + period) unless they fell more than a period behind (a
   * realtime process that was blocked), in which case they skip ahead instead of
   * firing a burst of catch-up ticks.
   */
  protected fire(timer: HeapTimer): void {
    this.heap.remove(timer)
    this.activity++
    if (timer.period !== undefined) {
      const now = this.now()
      let next = timer.due + timer.period
      if (next <= now) next = now + timer.period
      timer.due = next
      this.heap.push(timer)
    }
    try {
      timer.callback()
    } catch (error) {
      this.options.onTimerError(error)
    }
  }

  /**
   * Waits until the process is idle: `idleTurns` setImmediate turns pass with
   * no timer scheduled, cancelled or fired. One turn already drains every
   * pending microtask (promise chains); more turns let work that hops through
   * setImmediate or quick I/O finish too. Work that waits on real I/O for
   * longer (a write the storage worker has not acknowledged yet) holds the
   * clock until it settles.
   */
  protected async waitIdle(): Promise<void> {
    for (;;) {
      if (this.holds > 0 && !this.disposed) {
        await new Promise<void>((resolve) => this.holdWaiters.push(resolve))
        continue
      }
      const seen = this.activity
      for (let i = 0; i < this.options.idleTurns; i++) {
        await new Promise<void>((resolve) => this.options.wall.setImmediate(resolve))
      }
      if (seen === this.activity || this.disposed) return
    }
  }

  /** Fires every timer due up to target in time order, letting each one's consequences settle before the next. */
  private async advance(target: number): Promise<void> {
    if (this.disposed) return
    this.stepping = true
    try {
      // Work already in flight when step() was called may still schedule timers inside the step.
      await this.waitIdle()
      for (;;) {
        const next = this.heap.peek()
        if (this.disposed || !next || next.due > target) break
        this.moveTo(next.due)
        this.fire(next)
        await this.waitIdle()
      }
      if (!this.disposed) this.moveTo(target)
    } finally {
      this.stepping = false
    }
    this.afterChange()
    this.emit()
  }

  private setPaused(paused: boolean): void {
    if (this.disposed || this.paused === paused) return
    this.beforePauseChange()
    this.paused = paused
    this.afterChange()
    this.emit()
  }

  private schedule(callback: () => void, delay: number, period: number | undefined, background: boolean): Timer {
    if (this.disposed) return { cancel() {} }
    const timer: HeapTimer = { due: this.now() + delay, seq: 0, background, period, callback, index: -1 }
    this.heap.push(timer)
    this.activity++
    this.timersChanged()
    return {
      cancel: () => {
        if (this.heap.remove(timer)) {
          this.activity++
          this.timersChanged()
        }
      }
    }
  }
}

/**
 * Negative, NaN and infinite delays count as 0, as the platform's timers treat
 * them (an infinite one would otherwise send an instant clock to the end of time).
 * Long finite delays are kept: a virtual clock has no 24.8-day limit.
 */
function sanitize(ms: number): number {
  return Number.isFinite(ms) && ms > 0 ? ms : 0
}
