import { BaseClock, type BaseClockOptions } from './base-clock'

/**
 * A clock that never waits: whenever the process is idle, it jumps to the
 * next due timer and fires it. Tests and benchmarks run hours of cluster life
 * in milliseconds this way.
 *
 * The rules, exactly:
 * - Idle means `idleTurns` setImmediate turns passed with no timer scheduled,
 *   cancelled or fired (so promise chains and setImmediate hops settle first).
 * - When idle, a timer already due fires without moving time.
 * - Otherwise the clock jumps to the earliest pending timer and fires it, but
 *   only while at least one foreground timer is pending (setTimeout and sleep
 *   by default). Background timers (intervals by default, or
 *   `{ background: true }`) fire whenever time passes them, yet never pull
 *   time forward themselves: an idle cluster with only heartbeats and resyncs
 *   left stops where it is instead of spinning through years of them.
 * - One timer fires per idle check, so each firing's consequences settle
 *   before the next timer in time order.
 * - While paused, or while a step() runs, it does not jump; step() still works.
 */
export class InstantClock extends BaseClock {
  private time: number
  private running = false

  constructor(start: number, options: BaseClockOptions) {
    super('instant', options)
    this.time = start
  }

  now(): number {
    return this.time
  }

  protected moveTo(t: number): void {
    if (t > this.time) this.time = t
  }

  protected override timersChanged(): void {
    this.kick()
  }

  protected override afterChange(): void {
    this.kick()
  }

  /** Starts the jump loop unless it runs already; it exits when nothing is left to do, so an idle process can exit. */
  private kick(): void {
    if (this.running || this.paused || this.disposed || this.stepping || this.heap.size === 0) return
    this.running = true
    void this.run()
  }

  private async run(): Promise<void> {
    // `running` drops in the same synchronous turn as the decision to stop, so
    // a timer scheduled right after always finds the loop gone and kicks anew.
    try {
      for (;;) {
        await this.waitIdle()
        if (this.disposed || this.paused || this.stepping) return
        const next = this.heap.peek()
        if (!next) return
        if (next.due > this.time) {
          if (this.heap.foregroundCount === 0) return
          this.time = next.due
          this.emit()
        }
        this.fire(next)
      }
    } finally {
      this.running = false
    }
  }
}
