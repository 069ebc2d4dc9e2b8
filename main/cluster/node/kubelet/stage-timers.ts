import type { Clock, Timer, TimerOptions } from '../../clock/types'

/**
 * The timers of pod lifecycle stages, shared by every kubelet of the process.
 * Stages due at the same cluster instant (a thousand pods bound together,
 * all pulling for the same time) share one clock timer and run back to back
 * in the order they were scheduled, as real nodes working in parallel would
 * reach them at that instant. Their writes then reach the API as one burst,
 * which controllers' workqueues coalesce, instead of a thousand separate
 * waves, each settled (and each re-syncing its ReplicaSet and Deployment)
 * before the next. Cluster time, order and outcome are those of separate
 * timers.
 */
export class StageTimers {
  /** Pending groups by due instant and kind (background or not). */
  private readonly groups = new Map<string, Group>()

  constructor(private readonly clock: Clock) {}

  /** Runs fn once, ms of cluster time from now (a clock timer shared with the stages due at that same instant). */
  setTimeout(fn: () => void, ms: number, options: TimerOptions = {}): Timer {
    const background = options.background ?? false
    const due = this.clock.now() + Math.max(0, ms)
    const id = `${due}:${background ? 'b' : 'f'}`
    let group = this.groups.get(id)
    if (!group) {
      const created: Group = { callbacks: new Set(), timer: undefined as unknown as Timer }
      created.timer = this.clock.setTimeout(() => this.fire(id, created), due - this.clock.now(), { background })
      this.groups.set(id, (group = created))
    }
    const entry = { fn }
    group.callbacks.add(entry)
    const owner = group
    return {
      cancel: () => {
        if (!owner.callbacks.delete(entry) || owner.callbacks.size > 0) return
        owner.timer.cancel()
        if (this.groups.get(id) === owner) this.groups.delete(id)
      }
    }
  }

  private fire(id: string, group: Group): void {
    if (this.groups.get(id) === group) this.groups.delete(id)
    // Each entry is taken out before it runs: one may cancel a later one of the same instant.
    let failure: { error: unknown } | undefined
    for (const entry of group.callbacks) {
      group.callbacks.delete(entry)
      try {
        entry.fn()
      } catch (error) {
        failure ??= { error }
      }
    }
    // Reported as a separate timer's failure would be, once the others have run.
    if (failure) throw failure.error
  }
}

interface Group {
  callbacks: Set<{ fn: () => void }>
  timer: Timer
}
