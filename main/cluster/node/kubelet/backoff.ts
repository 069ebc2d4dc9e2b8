/**
 * CrashLoopBackOff as the kubelet computes it (flowcontrol.Backoff with
 * 10 s initial and 300 s maximum, without jitter): the first restart after a
 * crash is immediate, each later one waits twice as long as the last, up to
 * five minutes; a container that ran fine for twice the maximum starts over.
 */

/** The kubelet's constants. */
export const crashLoopBackOff = {
  initialMs: 10_000,
  maxMs: 300_000
} as const

/** What the kubelet remembers about one container's restarts. */
export interface BackOffEntry {
  /** The current back-off. */
  delayMs: number
  /** When the back-off last grew. */
  lastUpdate: number
}

/** Whether the entry is stale: the container's last exit came long after the back-off last grew. */
function expired(entry: BackOffEntry, eventTime: number): boolean {
  return eventTime - entry.lastUpdate > crashLoopBackOff.maxMs * 2
}

/** Backoff.Next: the entry after a restart is allowed at `now`. */
export function nextBackOff(entry: BackOffEntry | undefined, now: number): BackOffEntry {
  if (!entry || expired(entry, now)) return { delayMs: crashLoopBackOff.initialMs, lastUpdate: now }
  return { delayMs: Math.min(entry.delayMs * 2, crashLoopBackOff.maxMs), lastUpdate: now }
}

/**
 * Backoff.IsInBackOffSince: how much longer a container that exited at
 * `finishedAt` must wait before it may restart (0: restart now).
 */
export function backOffRemaining(entry: BackOffEntry | undefined, finishedAt: number, now: number): number {
  if (!entry || expired(entry, finishedAt)) return 0
  return Math.max(0, finishedAt + entry.delayMs - now)
}
