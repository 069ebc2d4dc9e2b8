import type { Pod, Service } from 'kubernetes-types/core/v1'
import { keyOf } from '../../client/indexer-keys'

/**
 * TriggerTimeTracker (pkg/controller/util/endpoint): the time of the change
 * that made a Service's endpoints what they are, for the
 * endpoints.kubernetes.io/last-change-trigger-time annotation: the
 * Service's creation for a Service seen for the first time, otherwise the
 * earliest pod Ready transition (or Service change) not seen at the last
 * sync. Zero (undefined) when nothing changed.
 */
export class TriggerTimeTracker {
  private readonly states = new Map<string, { pods: Map<string, number>; service: number }>()

  /** The trigger time (ms) for this sync, remembering what was seen. */
  compute(svc: Service, pods: readonly Pod[]): number | undefined {
    const key = keyOf(svc.metadata?.namespace, svc.metadata?.name ?? '')
    const state = this.states.get(key)
    let min: number | undefined
    const podTimes = new Map<string, number>()
    for (const pod of pods) {
      const t = podTriggerTime(pod)
      if (t === undefined) continue
      podTimes.set(pod.metadata?.name ?? '', t)
      if (t > (state?.pods.get(pod.metadata?.name ?? '') ?? Number.NEGATIVE_INFINITY)) min = min === undefined ? t : Math.min(min, t)
    }
    const serviceTime = parseTime(svc.metadata?.creationTimestamp) ?? 0
    if (serviceTime > (state?.service ?? Number.NEGATIVE_INFINITY)) min = min === undefined ? serviceTime : Math.min(min, serviceTime)
    this.states.set(key, { pods: podTimes, service: serviceTime })
    if (!state) return serviceTime || undefined
    return min
  }

  /** Forgets a deleted Service. */
  delete(namespace: string, name: string): void {
    this.states.delete(keyOf(namespace, name))
  }
}

function parseTime(t: string | undefined): number | undefined {
  if (!t) return undefined
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}

/**
 * Each pod version's trigger time, once: cached objects are replaced, never
 * changed, when a pod changes, and every sync of a Service reads all its
 * pods' times.
 */
const podTimes = new WeakMap<Pod, number | null>()

/** getPodTriggerTime: when the pod's Ready condition last changed. */
function podTriggerTime(pod: Pod): number | undefined {
  let t = podTimes.get(pod)
  if (t === undefined) {
    t = parseTime(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime) ?? null
    podTimes.set(pod, t)
  }
  return t ?? undefined
}

/** Go's time.RFC3339Nano in UTC: fractional seconds only when there are any, trailing zeros trimmed. */
export function formatRFC3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'))
}
