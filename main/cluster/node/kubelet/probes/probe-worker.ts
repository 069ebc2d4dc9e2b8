import type { Probe } from 'kubernetes-types/core/v1'
import type { Clock, Timer } from '../../../clock/types'
import type { ProbeOutcome } from './probe-check'

/**
 * One probe of one container instance, as a kubelet prober worker runs it:
 * the first attempt after initialDelaySeconds, then one every
 * periodSeconds; a result counts once it repeats successThreshold (success)
 * or failureThreshold (failure) times in a row. A liveness or startup
 * failure puts the worker on hold: the container is restarted and a new
 * worker takes over. Each failed attempt is reported (the Unhealthy event).
 */

export type ProbeKind = 'readiness' | 'liveness' | 'startup'

/** Probe fields with the API's defaults. */
export interface ProbeTiming {
  initialDelayMs: number
  periodMs: number
  successThreshold: number
  failureThreshold: number
}

export function probeTiming(probe: Probe): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds || 10) * 1000,
    successThreshold: probe.successThreshold || 1,
    failureThreshold: probe.failureThreshold || 3
  }
}

export interface ProbeWorkerHooks {
  clock: Clock
  /** Runs one attempt now. */
  attempt(): Promise<ProbeOutcome>
  /** Whether the probe should run at all now (liveness and readiness wait for the startup probe). */
  active(): boolean
  /** A failed attempt (before thresholds). */
  failed(output: string): void
  /** The result changed, thresholds met. */
  settled(ok: boolean): void
}

export class ProbeWorker {
  private timer?: Timer
  private last?: boolean
  private run = 0
  private attempts = 0
  private stopped = false
  /** The result the kubelet last acted on. */
  result?: boolean

  constructor(
    readonly kind: ProbeKind,
    private readonly timing: ProbeTiming,
    private readonly hooks: ProbeWorkerHooks,
    /** When the container instance started (ms). */
    startedAt: number
  ) {
    this.schedule(Math.max(0, startedAt + timing.initialDelayMs - hooks.clock.now()))
  }

  stop(): void {
    this.stopped = true
    this.timer?.cancel()
  }

  private schedule(delay: number): void {
    if (this.stopped) return
    // The first attempts may drive an instant clock (a test sees the result); later ones never keep an idle cluster spinning.
    const background = this.attempts > this.timing.failureThreshold + this.timing.successThreshold + 1
    this.timer = this.hooks.clock.setTimeout(() => void this.tick(), delay, { background })
  }

  private async tick(): Promise<void> {
    if (this.stopped) return
    if (this.hooks.active()) {
      this.attempts++
      const outcome = await this.hooks.attempt()
      if (this.stopped) return
      if (!outcome.ok) this.hooks.failed(outcome.output)
      if (this.last === outcome.ok) this.run++
      else {
        this.last = outcome.ok
        this.run = 1
      }
      const threshold = outcome.ok ? this.timing.successThreshold : this.timing.failureThreshold
      if (this.run >= threshold && this.result !== outcome.ok) {
        this.result = outcome.ok
        this.hooks.settled(outcome.ok)
        // A failed liveness or startup probe restarts the container: this worker is done.
        if (!outcome.ok && this.kind !== 'readiness') return this.stop()
      }
    }
    this.schedule(this.timing.periodMs)
  }
}
