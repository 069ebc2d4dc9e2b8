import type { Pod, PodCondition } from 'kubernetes-types/core/v1'
import type { Eviction, PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import type { Status } from 'kubernetes-types/meta/v1'
import * as errors from '../apimachinery/errors'
import { labelSelectorFromObject } from '../apimachinery/label-selector'
import type { KubeObject } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { DeleteOptions } from '../client/types'
import type { ResourceStore } from './resource-store'
import { setDisruptionAllowedCondition } from './kinds/poddisruptionbudget'

/**
 * The pods/eviction subresource, as the apiserver's EvictionREST
 * (pkg/registry/core/pod/storage/eviction.go): a delete that asks the pod's
 * PodDisruptionBudget first. A pod that is not Running (or already
 * terminating) goes without asking. Otherwise its one matching budget must
 * allow a disruption: the eviction takes it (disruptionsAllowed - 1, the pod
 * noted in status.disruptedPods for the disruption controller) or is refused
 * with 429 TooManyRequests, which kubectl drain retries. The pod gets the
 * DisruptionTarget condition, then is deleted with the request's deleteOptions.
 */

/** What the eviction answers when it does not fail: Success (201), or the 500 Status for several budgets. */
export type EvictionResult = Status & { code: number }

/** Retries of a budget update lost to a concurrent writer (EvictionsRetry's steps). */
const evictionRetries = 20
/** More unconfirmed evictions than this and the budget refuses (MaxDisruptedPodSize). */
const maxDisruptedPodSize = 2000
const tooManyRequestsMessage = "Cannot evict pod as it would violate the pod's disruption budget."
const disruptionBudgetCause = 'DisruptionBudget'

export interface EvictionStores {
  pods: ResourceStore
  pdbs: ResourceStore
  clock: Clock
}

/** Evicts one pod; throws Status errors (404, 409, 429) as the apiserver answers them. */
export async function evictPod(stores: EvictionStores, namespace: string, podName: string, eviction: Eviction, options: DeleteOptions): Promise<EvictionResult> {
  if ((eviction.metadata?.name ?? '') !== podName) throw errors.badRequest('name in URL does not match name in Eviction object')
  const dryRun = options.dryRun === 'All'
  const rvUnset = !options.preconditions?.resourceVersion

  // Terminal, pending and terminating pods have no budget to protect: they are deleted outright.
  let pod: Pod | undefined
  for (let attempt = 1; ; attempt++) {
    pod = stores.pods.get(namespace, podName) as Pod
    if (!canIgnorePDB(pod)) break
    const opts = shouldEnforceResourceVersion(pod) && rvUnset ? withResourceVersion(options, pod) : options
    try {
      await addConditionAndDeletePod(stores, namespace, podName, opts)
      return success()
    } catch (e) {
      if (!(rvUnset && errors.isConflict(e) && attempt < evictionRetries)) throw e
    }
  }

  const pdbs = matchingBudgets(stores.pdbs, pod)
  if (pdbs.length > 1) {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 }
  }
  let pinToResourceVersion = false
  const pdb = pdbs[0]
  if (pdb) {
    if (!isPodReady(pod) && unhealthyMayGo(pdb)) pinToResourceVersion = true
    else await checkAndDecrement(stores, pdb, podName, dryRun)
  }

  // An unready pod let go without touching the budget must still be unready when it is deleted.
  const opts = pinToResourceVersion ? withResourceVersion(options, pod) : options
  try {
    await addConditionAndDeletePod(stores, namespace, podName, opts)
  } catch (e) {
    if (errors.isConflict(e) && pinToResourceVersion && rvUnset) throw tooManyRequestsProcessing(pdb!.metadata!.name!)
    throw e
  }
  return success()
}

function success(): EvictionResult {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 }
}

/** canIgnorePDB: Succeeded, Failed and Pending pods, and pods already being deleted. */
function canIgnorePDB(pod: Pod): boolean {
  const phase = pod.status?.phase
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata?.deletionTimestamp
}

/** shouldEnforceResourceVersion: every pod but terminal or terminating ones, which cannot become ready again. */
function shouldEnforceResourceVersion(pod: Pod): boolean {
  const phase = pod.status?.phase
  return !(phase === 'Succeeded' || phase === 'Failed' || !!pod.metadata?.deletionTimestamp)
}

function withResourceVersion(options: DeleteOptions, pod: Pod): DeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata?.resourceVersion } }
}

export function isPodReady(pod: Pod): boolean {
  return (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
}

/**
 * An unready pod may go without spending a disruption when its budget says
 * AlwaysAllow, or (IfHealthyBudget, the default) while the budget is met.
 */
function unhealthyMayGo(pdb: PodDisruptionBudget): boolean {
  if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return true
  const s = pdb.status
  return (s?.currentHealthy ?? 0) >= (s?.desiredHealthy ?? 0) && (s?.desiredHealthy ?? 0) > 0
}

/** The budgets of the pod's namespace whose selector matches it; an empty or invalid selector matches nothing here. */
export function matchingBudgets(pdbs: ResourceStore, pod: Pod): PodDisruptionBudget[] {
  const out: PodDisruptionBudget[] = []
  for (const item of pdbs.list(pod.metadata?.namespace).items as PodDisruptionBudget[]) {
    let selector
    try {
      selector = labelSelectorFromObject(item.spec?.selector)
    } catch {
      continue
    }
    if (selector.empty() || !selector.matches(pod.metadata?.labels)) continue
    out.push(item)
  }
  return out
}

function tooManyRequestsProcessing(name: string): errors.StatusError {
  return errors.tooManyRequests(tooManyRequestsMessage, 10, [{ reason: disruptionBudgetCause, message: `The disruption budget ${name} is still being processed by the server.` }])
}

/** Spends one disruption of the budget (retrying lost races with a fresh read), or refuses with 429/403. */
async function checkAndDecrement(stores: EvictionStores, first: PodDisruptionBudget, podName: string, dryRun: boolean): Promise<void> {
  let pdb = first
  for (let attempt = 1; ; attempt++) {
    const name = pdb.metadata!.name!
    const status = pdb.status ?? { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }
    if ((status.observedGeneration ?? 0) < (pdb.metadata?.generation ?? 0)) throw tooManyRequestsProcessing(name)
    const gr = { group: 'policy', resource: 'poddisruptionbudget' }
    if (status.disruptionsAllowed < 0) throw errors.forbidden(gr, name, 'pdb disruptions allowed is negative')
    if (Object.keys(status.disruptedPods ?? {}).length > maxDisruptedPodSize) {
      throw errors.forbidden(gr, name, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller')
    }
    if (status.disruptionsAllowed === 0) {
      throw errors.tooManyRequests(tooManyRequestsMessage, 0, [
        { reason: disruptionBudgetCause, message: `The disruption budget ${name} needs ${status.desiredHealthy} healthy pods and has ${status.currentHealthy} currently` }
      ])
    }
    if (dryRun) return
    const next = structuredClone(pdb) as PodDisruptionBudget & KubeObject
    const nextStatus = next.status!
    nextStatus.disruptionsAllowed--
    if (nextStatus.disruptionsAllowed === 0) setDisruptionAllowedCondition(next, stores.clock)
    nextStatus.disruptedPods = { ...nextStatus.disruptedPods, [podName]: stores.clock.rfc3339() }
    try {
      await stores.pdbs.update(next.metadata.namespace, next, { subresource: 'status' })
      return
    } catch (e) {
      if (!errors.isConflict(e) || attempt >= evictionRetries) throw e
      pdb = stores.pdbs.get(next.metadata.namespace, name) as PodDisruptionBudget
    }
  }
}

/**
 * addConditionAndDeletePod: marks the pod DisruptionTarget (EvictionByEvictionAPI)
 * through the status, checking the preconditions against the latest pod, then deletes it.
 */
async function addConditionAndDeletePod(stores: EvictionStores, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  let opts = options
  if (options.dryRun !== 'All') {
    const pre = options.preconditions ?? {}
    const gr = { group: '', resource: 'Pod' }
    const updated = await stores.pods.guaranteedUpdate(namespace, name, (obj: KubeObject) => {
      const pod = obj as unknown as Pod
      if (pre.uid && pre.uid !== pod.metadata?.uid) {
        throw errors.conflict(gr, name, `the UID in the precondition (${pre.uid}) does not match the UID in record (${pod.metadata?.uid}). The object might have been deleted and then recreated`)
      }
      if (pre.resourceVersion && pre.resourceVersion !== pod.metadata?.resourceVersion) {
        throw errors.conflict(gr, name, `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${pod.metadata?.resourceVersion}). The object might have been modified`)
      }
      addDisruptionTarget(pod, stores.clock)
      return obj
    })
    // We moved the resourceVersion ourselves: the delete's precondition follows.
    if (pre.resourceVersion) opts = { ...options, preconditions: { ...pre, resourceVersion: updated.metadata.resourceVersion } }
  }
  await stores.pods.delete(namespace, name, opts)
}

/** podutil.UpdatePodCondition with DisruptionTarget=True. */
function addDisruptionTarget(pod: Pod, clock: Clock): void {
  const status = ((pod as { status?: Pod['status'] }).status ??= {})
  const conditions = ((status as { conditions?: PodCondition[] }).conditions ??= [])
  const want: PodCondition = { type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastProbeTime: null as never, lastTransitionTime: clock.rfc3339() }
  const i = conditions.findIndex((c) => c.type === want.type)
  if (i < 0) conditions.push(want)
  else conditions[i] = { ...want, lastTransitionTime: conditions[i].status === 'True' ? conditions[i].lastTransitionTime : want.lastTransitionTime }
}
