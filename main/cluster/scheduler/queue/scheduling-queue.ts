import type { Clock, Timer } from '../../clock/types'
import type { PodInfo } from '../cache/pod-info'
import type { ClusterEvent } from '../framework/events'
import { KeyedHeap } from './heap'

/** A pod waiting in the queue, with its scheduling history (framework.QueuedPodInfo). */
export interface QueuedPod {
/** The pod (its latest version). */
  info: PodInfo
  /** When it entered the queue or last failed (cluster ms): orders equal priorities, starts the backoff. */
  timestamp: number
  /** Scheduling attempts so far. */
  attempts: number
  /** Plugins that rejected it last time; empty means any event may help. */
  unschedulablePlugins: Set<string>
  /** Consecutive failures no plugin explains (errors, or no nodes at all), retried on a timer. */
  consecutiveErrors: number
  /** Insertion order, the last tie-break (FIFO). */
  seq: number
}

/** Queue timings, as kube-scheduler's defaults. */
export interface SchedulingQueueOptions {
/** Backoff and flush timers. */
  clock: Clock
  /** podInitialBackoffSeconds: 1 s. */
  initialBackoffMs?: number
  /** podMaxBackoffSeconds: 10 s. */
  maxBackoffMs?: number
  /** podMaxInUnschedulablePodsDuration: pods unschedulable this long are retried anyway (5 min). */
  maxInUnschedulableMs?: number
  /** The events each plugin registered (EventsToRegister). */
  pluginEvents: ReadonlyMap<string, ReadonlySet<ClusterEvent>>
  /**
   * Retries after failures no plugin explains (errors, or no nodes at all)
   * wait on foreground timers this many times, then on background ones: a
   * pod that keeps failing this way must not spin an instant clock forever.
   */
  foregroundErrorRetries?: number
}

/**
 * The scheduling queue (PriorityQueue): an active heap ordered by priority
 * then age, a backoff heap ordered by expiry, and the pods found
 * unschedulable, which wait for a cluster event that one of the plugins
 * that rejected them registered (or for the 5-minute flush). Backoff grows
 * from 1 s, doubling per attempt, to 10 s.
 */
export class SchedulingQueue {
  private readonly opts: Required<Omit<SchedulingQueueOptions, 'pluginEvents'>> & Pick<SchedulingQueueOptions, 'pluginEvents'>
  private readonly active = new KeyedHeap<QueuedPod>(
    (q) => q.info.key,
    (a, b) => a.info.priority > b.info.priority || (a.info.priority === b.info.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq)))
  )
  private readonly backoff = new KeyedHeap<QueuedPod>(
    (q) => q.info.key,
    (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b) || (this.backoffExpiry(a) === this.backoffExpiry(b) && a.seq < b.seq)
  )
  private readonly unschedulable = new Map<string, QueuedPod>()
  /** Pods with scheduling gates: kept aside until the gates are removed. */
  private readonly gated = new Map<string, QueuedPod>()
  /** Pods handed out by pop() and not yet done. */
  private readonly inFlight = new Map<string, QueuedPod>()
  private readonly deletedInFlight = new Set<string>()
  private waiters: Array<() => void> = []
  private foregroundTimer: { timer: Timer; due: number } | undefined
  private backgroundTimer: { timer: Timer; due: number } | undefined
  private readonly flushTimer: Timer
  private seq = 0
  private closed = false

  constructor(options: SchedulingQueueOptions) {
    this.opts = { initialBackoffMs: 1000, maxBackoffMs: 10_000, maxInUnschedulableMs: 5 * 60_000, foregroundErrorRetries: 5, ...options }
    // flushUnschedulablePodsLeftover runs every 30 s; background, so an idle cluster does not spin on it.
    this.flushTimer = this.opts.clock.setInterval(() => this.flushUnschedulableLeftover(), 30_000, { background: true })
  }

  /** How many pods wait in each part of the queue. */
  stats(): { active: number; backoff: number; unschedulable: number; gated: number; inFlight: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, gated: this.gated.size, inFlight: this.inFlight.size }
  }

  /** A new pending pod. */
  add(info: PodInfo): void {
    if (this.closed) return
    const key = info.key
    if (this.inFlight.has(key)) {
      this.inFlight.get(key)!.info = info
      return
    }
    const existing = this.find(key)
    if (existing) return this.update(info)
    this.enqueueActive({ info, timestamp: this.opts.clock.now(), attempts: 0, unschedulablePlugins: new Set(), consecutiveErrors: 0, seq: this.seq++ })
  }

  /**
   * A pending pod changed. A pod waiting as unschedulable is retried when
   * something that matters changed (not only status or our own annotation:
   * the caller decides, via `meaningful`).
   */
  update(info: PodInfo, meaningful = true): void {
    if (this.closed) return
    const key = info.key
    const inFlight = this.inFlight.get(key)
    if (inFlight) {
      inFlight.info = info
      return
    }
    const gated = this.gated.get(key)
    if (gated) {
      gated.info = info
      if (!isGated(info)) {
        this.gated.delete(key)
        this.enqueueActive(gated)
      }
      return
    }
    for (const heap of [this.active, this.backoff]) {
      const q = heap.get(key)
      if (q) {
        heap.push({ ...q, info })
        return
      }
    }
    const u = this.unschedulable.get(key)
    if (u) {
      u.info = info
      if (meaningful) {
        this.unschedulable.delete(key)
        this.requeue(u)
      }
      return
    }
    this.add(info)
  }

  /** A pod left the queue's concern (deleted, bound, finished, or handed to another scheduler). */
  delete(key: string): void {
    this.active.delete(key)
    this.backoff.delete(key)
    this.unschedulable.delete(key)
    this.gated.delete(key)
    if (this.inFlight.has(key)) this.deletedInFlight.add(key)
    this.armTimers()
  }

  /** Whether the queue holds the pod (anywhere, including in flight). */
  has(key: string): boolean {
    return !!this.find(key) || this.inFlight.has(key)
  }

  /** The next pod to schedule, once there is one; undefined after close(). */
  async pop(): Promise<QueuedPod | undefined> {
    while (this.active.size === 0 && !this.closed) await new Promise<void>((r) => this.waiters.push(r))
    if (this.closed) return undefined
    const q = this.active.pop()!
    q.attempts++
    this.inFlight.set(q.info.key, q)
    return q
  }

  /** The pod's cycle ended with a binding under way (or done): it leaves the queue. */
  done(key: string): void {
    this.inFlight.delete(key)
    this.deletedInFlight.delete(key)
  }

  /**
   * AddUnschedulableIfNotPresent: after a failed attempt. Rejected pods wait
   * in unschedulable for an event; pods no plugin rejected (an error, or no
   * nodes at all) go to backoff and are retried when it expires.
   */
  requeueFailed(q: QueuedPod, unschedulablePlugins: Set<string>): void {
    const key = q.info.key
    this.inFlight.delete(key)
    // Deleted meanwhile, or queued again by an event after its binding failed: nothing to requeue.
    if (this.deletedInFlight.delete(key) || this.closed || this.find(key)) return
    q.timestamp = this.opts.clock.now()
    q.unschedulablePlugins = unschedulablePlugins
    q.consecutiveErrors = unschedulablePlugins.size === 0 ? q.consecutiveErrors + 1 : 0
    if (unschedulablePlugins.size === 0) {
      this.backoff.push(q)
      this.armTimers()
      return
    }
    this.unschedulable.set(key, q)
  }

  /**
   * MoveAllToActiveOrBackoffQueue: a cluster event happened; every
   * unschedulable pod rejected by a plugin that registered it (or by no
   * plugin) is retried, after what is left of its backoff.
   */
  moveOnEvent(event: ClusterEvent, filter?: (q: QueuedPod) => boolean): number {
    let moved = 0
    for (const [key, q] of this.unschedulable) {
      if (!this.interested(q, event) || (filter && !filter(q))) continue
      this.unschedulable.delete(key)
      this.requeue(q)
      moved++
    }
    return moved
  }

  /** Stops the queue: pop() resolves undefined, timers are cancelled. */
  close(): void {
    this.closed = true
    this.flushTimer.cancel()
    this.foregroundTimer?.timer.cancel()
    this.backgroundTimer?.timer.cancel()
    this.wake()
  }

  private interested(q: QueuedPod, event: ClusterEvent): boolean {
    if (event === 'UnschedulableTimeout' || q.unschedulablePlugins.size === 0) return true
    for (const p of q.unschedulablePlugins) if (this.opts.pluginEvents.get(p)?.has(event)) return true
    return false
  }

  private find(key: string): QueuedPod | undefined {
    return this.active.get(key) ?? this.backoff.get(key) ?? this.unschedulable.get(key) ?? this.gated.get(key)
  }

  private enqueueActive(q: QueuedPod): void {
    if (isGated(q.info)) {
      this.gated.set(q.info.key, q)
      return
    }
    this.active.push(q)
    this.wake()
  }

  /** To backoff while it lasts, else straight to active. */
  private requeue(q: QueuedPod): void {
    if (this.backoffExpiry(q) > this.opts.clock.now()) {
      this.backoff.push(q)
      this.armTimers()
    } else {
      this.enqueueActive(q)
    }
  }

  /** calculateBackoffDuration: 1 s doubling per attempt, capped at 10 s. */
  backoffDuration(q: QueuedPod): number {
    let d = this.opts.initialBackoffMs
    for (let i = 1; i < q.attempts; i++) {
      if (d > this.opts.maxBackoffMs - d) return this.opts.maxBackoffMs
      d += d
    }
    return d
  }

  private backoffExpiry(q: QueuedPod): number {
    return q.timestamp + this.backoffDuration(q)
  }

  /** Unexplained failures past the first few retry on background timers; event-driven retries always on foreground ones. */
  private isBackground(q: QueuedPod): boolean {
    return q.consecutiveErrors > this.opts.foregroundErrorRetries
  }

  /** flushBackoffQCompleted: moves every pod whose backoff expired to active. */
  private flushBackoff(): void {
    const now = this.opts.clock.now()
    for (;;) {
      const q = this.backoff.peek()
      if (!q || this.backoffExpiry(q) > now) break
      this.backoff.pop()
      this.enqueueActive(q)
    }
    this.armTimers()
  }

  /** Keeps one foreground and one background timer at the earliest backoff expiry of each kind. */
  private armTimers(): void {
    if (this.closed) return
    let fg = Infinity
    let bg = Infinity
    for (const q of this.backoff.values()) {
      const due = this.backoffExpiry(q)
      if (this.isBackground(q)) bg = Math.min(bg, due)
      else fg = Math.min(fg, due)
    }
    this.foregroundTimer = this.arm(this.foregroundTimer, fg, false)
    this.backgroundTimer = this.arm(this.backgroundTimer, bg, true)
  }

  private arm(current: { timer: Timer; due: number } | undefined, due: number, background: boolean): { timer: Timer; due: number } | undefined {
    if (current && current.due === due) return current
    current?.timer.cancel()
    if (due === Infinity) return undefined
    const timer = this.opts.clock.setTimeout(() => this.flushBackoff(), Math.max(0, due - this.opts.clock.now()), { background })
    return { timer, due }
  }

  /** flushUnschedulablePodsLeftover: pods unschedulable for 5 minutes are retried whatever happened. */
  private flushUnschedulableLeftover(): void {
    const now = this.opts.clock.now()
    const stale = [...this.unschedulable.values()].filter((q) => now - q.timestamp > this.opts.maxInUnschedulableMs).map((q) => q.info.key)
    if (stale.length === 0) return
    const keys = new Set(stale)
    this.moveOnEvent('UnschedulableTimeout', (q) => keys.has(q.info.key))
  }

  private wake(): void {
    const w = this.waiters
    this.waiters = []
    for (const r of w) r()
  }
}

/** A pod with scheduling gates waits until they are removed (the SchedulingGates PreEnqueue plugin). */
function isGated(info: PodInfo): boolean {
  return (info.pod.spec?.schedulingGates?.length ?? 0) > 0
}
