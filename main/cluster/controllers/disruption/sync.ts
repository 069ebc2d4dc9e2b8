import type { Pod } from 'kubernetes-types/core/v1'
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import { isConflict } from '../../apimachinery/errors'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import type { KubeObject } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import type { ReconcileResult } from '../../client/controller'
import type { EventRecorder } from '../../client/event-recorder'
import { IndexNames } from '../../client/indexer-builtins'
import { splitKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'
import { disruptionConditionUpToDate, setDisruptionAllowed, setDisruptionAllowedCondition } from '../../registry/kinds/poddisruptionbudget'
import { budgetCounters, countHealthyPods, desiredHealth, disruptedPodMap } from './budget'
import type { ScaleListers } from './expected-scale'

/**
 * One budget's sync (DisruptionController.sync / trySync): count its pods,
 * resolve the desired health, drop timed-out evictions, and write the status
 * when it changed. A failure other than a conflict leaves the budget allowing
 * no disruption, with DisruptionAllowed=False reason SyncFailed (failSafe).
 */

export interface DisruptionSyncContext {
  pods: Informer<Pod>
  pdbs: Informer<PodDisruptionBudget>
  listers: ScaleListers
  client: ResourceClient<PodDisruptionBudget>
  clock: Clock
  events: EventRecorder
}

/** getPodsForPdb: the selected pods of the budget's namespace (an empty selector selects them all in policy/v1). */
export function podsForBudget(pods: Informer<Pod>, pdb: PodDisruptionBudget): Pod[] {
  const selector = labelSelectorFromObject(pdb.spec?.selector)
  return pods.byIndex(IndexNames.namespace, pdb.metadata?.namespace ?? '').filter((p) => selector.matches(p.metadata?.labels))
}

/** Go's %v of a *metav1.LabelSelector, as the UnmanagedPods event prints it. */
function selectorText(pdb: PodDisruptionBudget): string {
  const sel = pdb.spec?.selector
  if (!sel) return '<nil>'
  return labelSelectorFromObject(sel).toString() || '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}'
}

export async function syncBudget(dc: DisruptionSyncContext, key: string): Promise<void | ReconcileResult> {
  const { namespace, name } = splitKey(key)
  const pdb = dc.pdbs.getByName(namespace, name)
  if (!pdb) return
  try {
    return await trySync(dc, pdb)
  } catch (e) {
    if (isConflict(e)) throw e
    await failSafe(dc, pdb, e instanceof Error ? e.message : String(e))
  }
}

async function trySync(dc: DisruptionSyncContext, pdb: PodDisruptionBudget): Promise<void | ReconcileResult> {
  const obj = pdb as KubeObject
  const pods = podsForBudget(dc.pods, pdb)
  if (pods.length === 0) dc.events.event(obj, 'Normal', 'NoPods', 'No matching pods found')
  let health
  try {
    health = desiredHealth(pdb, pods, dc.listers)
  } catch (e) {
    dc.events.event(obj, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${e instanceof Error ? e.message : String(e)}`)
    throw e
  }
  if (health.unmanagedPods.length) {
    dc.events.event(
      obj,
      'Warning',
      'UnmanagedPods',
      `Pods selected by this PodDisruptionBudget (selector: ${selectorText(pdb)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`
    )
  }
  const now = dc.clock.now()
  const disrupted = disruptedPodMap(pods, pdb, now)
  for (const pod of disrupted.notDeleted) {
    // Kubernetes prints the namespace twice here.
    dc.events.event(pod as KubeObject, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata?.namespace}/${pdb.metadata?.namespace} to be deleted but it wasn't`)
  }
  const counters = budgetCounters(countHealthyPods(pods, disrupted.pods, now), health)
  await updateStatus(dc, pdb, counters, disrupted.pods)
  if (disrupted.recheckAt !== undefined) return { requeueAfter: Math.max(0, disrupted.recheckAt - now) }
}

function sameRecord(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>>): boolean {
  const ak = Object.keys(a ?? {})
  return ak.length === Object.keys(b).length && ak.every((k) => a![k] === b[k])
}

/** updatePdbStatus: writes only when a counter, the disrupted pods, the generation or the condition is stale. */
async function updateStatus(dc: DisruptionSyncContext, pdb: PodDisruptionBudget, counters: ReturnType<typeof budgetCounters>, disrupted: Record<string, string>): Promise<void> {
  const s = pdb.status
  const generation = pdb.metadata?.generation ?? 0
  if (
    s &&
    s.currentHealthy === counters.currentHealthy &&
    s.desiredHealthy === counters.desiredHealthy &&
    s.expectedPods === counters.expectedPods &&
    s.disruptionsAllowed === counters.disruptionsAllowed &&
    sameRecord(s.disruptedPods, disrupted) &&
    (s.observedGeneration ?? 0) === generation &&
    disruptionConditionUpToDate(pdb)
  ) {
    return
  }
  const next = structuredClone(pdb)
  next.status = { ...counters, observedGeneration: generation, conditions: next.status?.conditions }
  // Go omits an empty disruptedPods map.
  if (Object.keys(disrupted).length) next.status.disruptedPods = disrupted
  setDisruptionAllowedCondition(next, dc.clock)
  await dc.client.updateStatus(next)
}

/** failSafe: no disruption allowed, and the condition says why. */
async function failSafe(dc: DisruptionSyncContext, pdb: PodDisruptionBudget, message: string): Promise<void> {
  const next = structuredClone(pdb)
  next.status = { ...(next.status ?? { currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }), disruptionsAllowed: 0 } as NonNullable<PodDisruptionBudget['status']>
  next.status.conditions ??= []
  setDisruptionAllowed(next, dc.clock, 'False', 'SyncFailed', message)
  await dc.client.updateStatus(next)
}
