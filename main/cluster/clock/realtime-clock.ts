import { BaseClock, type BaseClockOptions } from './base-clock'
import type { HeapTimer } from './timer-heap'

/** The largest delay the platform's setTimeout accepts; longer ones fire at once. */
const MAX_WALL_DELAY = 2 ** 31 - 1

/**
 * A clock that follows the wall clock, `speed` times faster:
 * now = anchorTime + (wallNow - anchorWall) * speed. Pausing, resuming and
 * changing speed re-anchor at the current instant, so cluster time is
 * continuous and never goes back. One wall timer is armed for the earliest
 * cluster timer and re-armed whenever that timer, the speed or the pause state
 * changes. step() works too (paused or not): it moves the anchor forward.
 */
export class RealtimeClock extends BaseClock {
  private anchorTime: number
  private anchorWall: number
  private speed: number
  private wallTimer: unknown = undefined
  /** The cluster timer (and its due time) the wall timer is armed for; re-arming for the same one is skipped. */
  private armedFor: { timer: HeapTimer; due: number } | undefined
  private draining = false

  constructor(start: number, speed: number, options: BaseClockOptions) {
    super('realtime', options)
    super.setSpeed(speed)
    this.speed = speed
    this.anchorTime = start
    this.anchorWall = options.wall.now()
  }

  now(): number {
    if (this.paused) return this.anchorTime
    return this.anchorTime + (this.options.wall.now() - this.anchorWall) * this.speed
  }

  override setSpeed(factor: number): void {
    super.setSpeed(factor)
    if (this.disposed || factor === this.speed) return
    this.reanchor(this.now())
    this.speed = factor
    this.disarm()
    this.arm()
    this.emit()
  }

  protected override speedFactor(): number {
    return this.speed
  }

  protected moveTo(t: number): void {
    const now = this.now()
    this.reanchor(t > now ? t : now)
  }

  protected override timersChanged(): void {
    this.arm()
  }

  protected override beforePauseChange(): void {
    this.reanchor(this.now())
  }

  protected override afterChange(): void {
    this.disarm()
    this.arm()
  }

  private reanchor(time: number): void {
    this.anchorTime = time
    this.anchorWall = this.options.wall.now()
  }

  /** Arms the wall timer for the earliest cluster timer, unless a step or drain owns firing right now. */
  private arm(): void {
    if (this.disposed || this.paused || this.stepping || this.draining) return this.disarm()
    const next = this.heap.peek()
    if (!next) return this.disarm()
    if (this.armedFor && this.armedFor.timer === next && this.armedFor.due === next.due) return
    this.disarm()
    const delay = Math.min(MAX_WALL_DELAY, Math.max(0, (next.due - this.now()) / this.speed))
    this.armedFor = { timer: next, due: next.due }
    this.wallTimer = this.options.wall.setTimeout(() => {
      this.wallTimer = undefined
      this.armedFor = undefined
      void this.drain()
    }, delay)
  }

  private disarm(): void {
    if (this.wallTimer !== undefined) this.options.wall.clearTimeout(this.wallTimer)
    this.wallTimer = undefined
    this.armedFor = undefined
  }

  /** Fires every timer that is due, in time order, letting each settle; then re-arms. Serialised with step(). */
  private drain(): Promise<void> {
    return this.runExclusive(async () => {
      this.draining = true
      try {
        for (;;) {
          const next = this.heap.peek()
          if (this.disposed || this.paused || !next || next.due > this.now()) break
          this.fire(next)
          await this.waitIdle()
        }
      } finally {
        this.draining = false
      }
      this.arm()
    })
  }
}
