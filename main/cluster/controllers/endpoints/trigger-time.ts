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
  private readonly states = new Map<string, ServiceState>()

  /** The trigger time (ms) for this sync, remembering what was seen. */
  compute(svc: Service, pods: readonly Pod[]): number | undefined {
    const key = keyOf(svc.metadata?.namespace, svc.metadata?.name ?? '')
    let state = this.states.get(key)
    const first = !state
    if (!state) this.states.set(key, (state = { pods: new Map(), service: Number.NEGATIVE_INFINITY, sync: 0 }))
    const sync = ++state.sync
    let min: number | undefined
    for (const pod of pods) {
      const name = pod.metadata?.name ?? ''
      const seen = state.pods.get(name)
      if (seen === undefined) {
        const t = podTriggerTime(pod)
        state.pods.set(name, { pod, time: t, sync })
        if (t !== undefined) min = min === undefined ? t : Math.min(min, t)
        continue
      }
      seen.sync = sync
      // The same pod version as at the last sync: its time was seen then.
      if (seen.pod === pod) continue
      const t = podTriggerTime(pod)
      if (t !== undefined && t > (seen.time ?? Number.NEGATIVE_INFINITY)) min = min === undefined ? t : Math.min(min, t)
      seen.pod = pod
      seen.time = t
    }
    // What is remembered is what this sync saw: pods that left are forgotten.
    if (state.pods.size > pods.length) {
      const remembered = state.pods
      remembered.forEach((seen, name) => seen.sync !== sync && remembered.delete(name))
    }
    const serviceTime = parseTime(svc.metadata?.creationTimestamp) ?? 0
    if (serviceTime > state.service) min = min === undefined ? serviceTime : Math.min(min, serviceTime)
    state.service = serviceTime
    if (first) return serviceTime || undefined
    return min
  }

  /** Forgets a deleted Service. */
  delete(namespace: string, name: string): void {
    this.states.delete(keyOf(namespace, name))
  }
}

/** What a Service's last sync saw: each pod's version and trigger time, and the Service's creation. */
interface ServiceState {
  pods: Map<string, { pod: Pod; time: number | undefined; sync: number }>
  service: number
  /** Numbers the syncs, to tell the pods the last one saw. */
  sync: number
}

function parseTime(t: string | undefined): number | undefined {
  if (!t) return undefined
  const ms = Date.parse(t)
  return Number.isNaN(ms) ? undefined : ms
}

/** getPodTriggerTime: when the pod's Ready condition last changed. */
function podTriggerTime(pod: Pod): number | undefined {
  return parseTime(pod.status?.conditions?.find((c) => c.type === 'Ready')?.lastTransitionTime)
}

/** Go's time.RFC3339Nano in UTC: fractional seconds only when there are any, trailing zeros trimmed. */
export function formatRFC3339Nano(ms: number): string {
  const iso = new Date(ms).toISOString()
  return iso.replace(/\.(\d*?)0*Z$/, (_, digits: string) => (digits ? `.${digits}Z` : 'Z'))
}
