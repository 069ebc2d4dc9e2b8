import type { Pod, PodCondition } from 'kubernetes-types/core/v1'
import type { Binding, PersistentVolumeClaim } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { Clock } from '../../clock/types'
import type { Informer } from '../../client/informer'
import type { Client } from '../../client/types'
import type { PreBindAction } from '../framework/interface'
import { schedulingResultAnnotation } from '../core/scheduling-result'
import { gvrs } from './listers'
import { deepCopy } from '../../apimachinery/deep-copy'

/** What the scheduler's writes need. */
export interface WriteDeps {
/** The API. */
  client: Client
/** Timestamps of conditions. */
  clock: Clock
  /** The scheduler's pod informer: writes start from its copy and re-read only on conflict. */
  pods: Informer<Pod>
}

const attempts = 5

/**
 * podutil.UpdatePodCondition: sets the condition, keeping lastTransitionTime
 * when the status did not change; true when anything changed.
 */
export function updatePodCondition(pod: Pod, condition: Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>, now: string): boolean {
  const status = ((pod as { status?: Pod['status'] }).status ??= {})
  const conditions = (status.conditions ??= [])
  const next: PodCondition = { type: condition.type, status: condition.status, lastProbeTime: null as unknown as undefined, lastTransitionTime: now, reason: condition.reason, message: condition.message }
  const i = conditions.findIndex((c) => c.type === condition.type)
  if (i < 0) {
    conditions.push(next)
    return true
  }
  const old = conditions[i]
  if (old.status === next.status) next.lastTransitionTime = old.lastTransitionTime
  const equal = old.status === next.status && old.reason === next.reason && old.message === next.message && (old.lastProbeTime ?? null) === null && old.lastTransitionTime === next.lastTransitionTime
  conditions[i] = next
  return !equal
}

/** Reads the pod (informer first, the API after a conflict), lets mutate change a copy, and writes its status; retried on conflict. */
async function updatePodStatus(deps: WriteDeps, namespace: string, name: string, mutate: (pod: Pod) => boolean): Promise<void> {
  const api = deps.client.resource<Pod>(gvrs.pods)
  for (let i = 0; i < attempts; i++) {
    let current: Pod | undefined
    try {
      current = i === 0 ? (deps.pods.getByName(namespace, name) ?? (await api.get(namespace, name))) : await api.get(namespace, name)
    } catch (e) {
      if (isNotFound(e)) return
      throw e
    }
    const pod = deepCopy(current)
    if (!mutate(pod)) return
    try {
      await api.updateStatus(pod)
      return
    } catch (e) {
      if (isNotFound(e)) return
      if (!isConflict(e)) throw e
    }
  }
}

/**
 * Records a failed attempt on a pending pod, as handleSchedulingFailure's
 * updatePod: PodScheduled=False with the reason (Unschedulable, or
 * SchedulerError) and message, the nominated node when preemption set or
 * cleared one, and the scheduling-result annotation, in one status write.
 * A pod that got bound or is being deleted meanwhile is left alone.
 */
export function recordFailure(deps: WriteDeps, namespace: string, name: string, reason: string, message: string, nominatedNodeName: string | undefined, result: string): Promise<void> {
  const now = deps.clock.rfc3339()
  return updatePodStatus(deps, namespace, name, (pod) => {
    if (pod.spec?.nodeName || pod.metadata?.deletionTimestamp) return false
    let changed = updatePodCondition(pod, { type: 'PodScheduled', status: 'False', reason, message }, now)
    if (nominatedNodeName !== undefined && (pod.status?.nominatedNodeName ?? '') !== nominatedNodeName) {
      if (nominatedNodeName) pod.status!.nominatedNodeName = nominatedNodeName
      else delete pod.status!.nominatedNodeName
      changed = true
    }
    const annotations = (pod.metadata!.annotations ??= {})
    if (annotations[schedulingResultAnnotation] !== result) {
      annotations[schedulingResultAnnotation] = result
      changed = true
    }
    return changed
  })
}

/**
 * Evicts a preemption victim as the Evaluator's PreemptPod does: marks it
 * DisruptionTarget (PreemptionByScheduler) so its owner can tell why, then
 * deletes it with its grace period.
 */
export async function evictVictim(deps: WriteDeps, namespace: string, name: string, schedulerName: string): Promise<boolean> {
  const now = deps.clock.rfc3339()
  await updatePodStatus(deps, namespace, name, (pod) =>
    updatePodCondition(pod, { type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: `${schedulerName}: preempting to accommodate a higher priority pod` }, now)
  )
  try {
    await deps.client.resource<Pod>(gvrs.pods).delete(namespace, name)
    return true
  } catch (e) {
    if (isNotFound(e)) return false
    throw e
  }
}

/** Carries out a PreBind plugin's write (a claim's selected-node annotation), retried on conflict. */
export async function runPreBindAction(deps: WriteDeps, action: PreBindAction): Promise<void> {
  const api = deps.client.resource<PersistentVolumeClaim>(gvrs.pvcs)
  for (let i = 0; i < attempts; i++) {
    const claim = deepCopy(await api.get(action.namespace, action.name))
    const annotations = (claim.metadata!.annotations ??= {})
    if (Object.entries(action.annotations).every(([k, v]) => annotations[k] === v)) return
    Object.assign(annotations, action.annotations)
    try {
      await api.update(claim)
      return
    } catch (e) {
      if (!isConflict(e)) throw e
    }
  }
}

/** The pods/binding write (DefaultBinder), carrying the scheduling-result annotation onto the pod in the same write. */
export function bind(deps: WriteDeps, namespace: string, name: string, uid: string, nodeName: string, result: string): Promise<void> {
  const binding: Binding = {
    apiVersion: 'v1',
    kind: 'Binding',
    metadata: { namespace, name, uid, annotations: { [schedulingResultAnnotation]: result } },
    target: { apiVersion: 'v1', kind: 'Node', name: nodeName }
  }
  return deps.client.bind(binding)
}
