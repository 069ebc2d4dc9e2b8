import { BaseClock, type BaseClockOptions } from './base-clock'

/**
 * A clock that moves only when told to: step(ms) and advanceTo(t) fire the
 * timers due on the way. Unit tests use it to make time-dependent behaviour
 * (backoff, resync, grace periods) exact. pause()/resume() only flip the
 * reported state; nothing moves on its own either way.
 */
export class ManualClock extends BaseClock {
  private time: number

  constructor(start: number, options: BaseClockOptions) {
    super('manual', options)
    this.time = start
  }

  now(): number {
    return this.time
  }

  protected moveTo(t: number): void {
    if (t > this.time) this.time = t
  }
}
