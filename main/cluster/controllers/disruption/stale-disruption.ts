import type { Pod, PodCondition } from 'kubernetes-types/core/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { Clock } from '../../clock/types'
import type { ReconcileResult } from '../../client/controller'
import { objectKey, splitKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'

/**
 * Stale disruption marks (syncStalePodDisruption): an eviction marks its
 * pod DisruptionTarget=True before deleting it. When the pod is still not
 * terminating two minutes later (the delete failed, e.g. a precondition),
 * the mark is reset to False, as the disruption controller does. Marks the
 * kubelet sets (TerminationByKubelet) are never stale.
 */

export const stalePodDisruptionTimeoutMs = 2 * 60 * 1000

function disruptionTarget(pod: Pod): PodCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === 'DisruptionTarget')
}

/** nonTerminatingPodHasStaleDisruptionCondition: undefined when not, else the ms left until the mark is stale. */
export function staleMarkWait(pod: Pod, now: number): number | undefined {
  if (pod.metadata?.deletionTimestamp) return undefined
  const cond = disruptionTarget(pod)
  if (!cond || cond.status !== 'True' || cond.reason === 'TerminationByKubelet') return undefined
  const since = cond.lastTransitionTime ? Date.parse(cond.lastTransitionTime) : now
  return Math.max(0, stalePodDisruptionTimeoutMs - (now - since))
}

/** The pod's key when it carries a disruption mark that is or will go stale. */
export function staleMarkKeys(clock: Clock): (pod: Pod) => string[] {
  return (pod) => (staleMarkWait(pod, clock.now()) === undefined ? [] : [objectKey(pod)])
}

export interface StaleDisruptionContext {
  pods: Informer<Pod>
  client: ResourceClient<Pod>
  clock: Clock
}

export async function syncStalePodDisruption(sc: StaleDisruptionContext, key: string): Promise<void | ReconcileResult> {
  const { namespace, name } = splitKey(key)
  const pod = sc.pods.getByName(namespace, name)
  if (!pod) return
  const wait = staleMarkWait(pod, sc.clock.now())
  if (wait === undefined) return
  if (wait > 0) return { requeueAfter: wait }
  const next = structuredClone(pod)
  // Applied (force) with type, status and time only: the reason and message the eviction wrote stay.
  next.status!.conditions = next.status!.conditions!.map((c) => (c.type === 'DisruptionTarget' ? { ...c, status: 'False', lastTransitionTime: sc.clock.rfc3339() } : c))
  try {
    await sc.client.updateStatus(next)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}
