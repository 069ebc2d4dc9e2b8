/**
 * What a plugin answers, as kube-scheduler's framework.Status: a code and the
 * reasons users read in `0/3 nodes are available: ...`. Success is `null`
 * (Go's nil *Status), so the hot path of a filter allocates nothing.
 */

/** framework.Code, the values a plugin may answer with. */
export type Code =
  /** The plugin ran and found nothing wrong (only used where a Status object is needed). */
  | 'Success'
  /** Something went wrong inside the plugin or the API; the pod is retried with backoff. */
  | 'Error'
  /** The node does not fit now, but preempting pods on it might help. */
  | 'Unschedulable'
  /** The node does not fit, and preemption would not change that. */
  | 'UnschedulableAndUnresolvable'
  /** PreFilter/PreScore: the plugin has nothing to do for this pod; its Filter/Score is skipped. */
  | 'Skip'

/** A plugin's answer; build with `unschedulable()`, `unresolvable()`, `errorStatus()` or `skip()`. */
export class Status {
  constructor(
    /** What kind of answer. */
    readonly code: Code,
    /** The reasons, each one counted on its own in the FitError message. */
    readonly reasons: readonly string[] = [],
    /** The plugin that answered; set by the framework. */
    public plugin = ''
  ) {}

  /** Reasons joined with ", ", as Status.Message(). */
  message(): string {
    return this.reasons.join(', ')
  }

  /** Unschedulable or UnschedulableAndUnresolvable (Status.IsRejected). */
  isRejected(): boolean {
    return this.code === 'Unschedulable' || this.code === 'UnschedulableAndUnresolvable'
  }

  /** The same status, attributed to a plugin. */
  withPlugin(plugin: string): Status {
    this.plugin = plugin
    return this
  }
}

/** Unschedulable with reasons: preemption may help. */
export function unschedulable(...reasons: string[]): Status {
  return new Status('Unschedulable', reasons)
}

/** UnschedulableAndUnresolvable with reasons: preemption will not help. */
export function unresolvable(...reasons: string[]): Status {
  return new Status('UnschedulableAndUnresolvable', reasons)
}

/** An Error status carrying an error's message. */
export function errorStatus(error: unknown): Status {
  return new Status('Error', [error instanceof Error ? error.message : String(error)])
}

/** The shared Skip status. */
export const skipStatus: Status = new Status('Skip')

/** Whether a status is success (null or code Success). */
export function isSuccess(s: Status | null | undefined): boolean {
  return !s || s.code === 'Success'
}
