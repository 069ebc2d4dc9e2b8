import type { Clock, Timer } from '../../clock/types'

/**
 * The loop the kubelet runs its heartbeats in, client-go's
 * `wait.JitterUntil(f, period, 0.04, true, stop)`: f now, then again after
 * the period plus up to 4% of it at random, each wait counted from the
 * previous run. The jitter is what keeps a thousand kubelets that started
 * together from renewing their Leases in the same instant, forever.
 */

/** The kubelet's jitter factor for its lease renewals and node status updates. */
export const heartbeatJitterFactor = 0.04

/** How a jittered loop waits. */
export interface JitterOptions {
  /** Up to this fraction of the period is added to each wait. Default 0.04. */
  factor?: number
  /** A uniform random number in [0, 1) (inject for tests). Default Math.random. */
  random?: () => number
}

/** Runs fn now and then every period plus jitter, on background timers (they never drive an instant clock), until cancelled. */
export function jitterUntil(clock: Clock, fn: () => void, periodMs: number, options: JitterOptions = {}): Timer {
  const factor = options.factor ?? heartbeatJitterFactor
  const random = options.random ?? Math.random
  let timer: Timer | undefined
  let cancelled = false
  const tick = (): void => {
    if (cancelled) return
    fn()
    if (cancelled) return
    timer = clock.setTimeout(tick, periodMs + random() * factor * periodMs, { background: true })
  }
  tick()
  return {
    cancel: () => {
      cancelled = true
      timer?.cancel()
    }
  }
}
