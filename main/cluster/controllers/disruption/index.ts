import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1'
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import { Controller } from '../../client/controller'
import { IndexNames } from '../../client/indexer-builtins'
import { objectKey } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { Component, ComponentFactory } from '../../component'
import { type DisruptionSyncContext, syncBudget } from './sync'
import { staleMarkKeys, syncStalePodDisruption } from './stale-disruption'

const pdbsGVR = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const rcsGVR = { group: '', version: 'v1', resource: 'replicationcontrollers' }
const rssGVR = { group: 'apps', version: 'v1', resource: 'replicasets' }
const deploymentsGVR = { group: 'apps', version: 'v1', resource: 'deployments' }
const statefulSetsGVR = { group: 'apps', version: 'v1', resource: 'statefulsets' }
/** The controllers' caches only answer "what is your scale": their changes enqueue nothing, but the workers wait for them to sync. */
const noKeys = (): string[] => []

const controllerName = 'disruption-controller'

/** getPodDisruptionBudgets of a pod: the budgets of its namespace whose selector matches it (an empty one matches all). */
function budgetKeysForPod(pdbs: Informer<PodDisruptionBudget>): (pod: Pod) => string[] {
  return (pod) =>
    pdbs
      .byIndex(IndexNames.namespace, pod.metadata?.namespace ?? '')
      .filter((pdb) => {
        try {
          return labelSelectorFromObject(pdb.spec?.selector).matches(pod.metadata?.labels)
        } catch {
          return false
        }
      })
      .map((pdb) => objectKey(pdb))
}

/**
 * The disruption controller (pkg/controller/disruption): keeps every
 * PodDisruptionBudget's status (expectedPods, currentHealthy, desiredHealthy,
 * disruptionsAllowed, disruptedPods, the DisruptionAllowed condition) in step
 * with its pods, so the eviction subresource can decide. A pod change
 * enqueues the budgets that select it. Events come from "controllermanager",
 * as this controller's recorder names itself. A second queue resets stale
 * DisruptionTarget marks of pods an eviction failed to delete.
 */
export const disruptionComponent: ComponentFactory = (ctx): Component => {
  const pdbs = ctx.informers.informerFor<PodDisruptionBudget>(pdbsGVR)
  const dc: DisruptionSyncContext = {
    pods: ctx.informers.informerFor<Pod>(podsGVR),
    pdbs,
    listers: {
      replicationControllers: ctx.informers.informerFor<ReplicationController>(rcsGVR),
      replicaSets: ctx.informers.informerFor<ReplicaSet>(rssGVR),
      deployments: ctx.informers.informerFor<Deployment>(deploymentsGVR),
      statefulSets: ctx.informers.informerFor<StatefulSet>(statefulSetsGVR)
    },
    client: ctx.client.resource<PodDisruptionBudget>(pdbsGVR),
    clock: ctx.clock,
    events: ctx.events({ component: 'controllermanager' })
  }
  const controller = new Controller(
    {
      name: controllerName,
      watches: [
        { resource: pdbsGVR },
        { resource: podsGVR, keys: budgetKeysForPod(pdbs) as never },
        { resource: rcsGVR, keys: noKeys },
        { resource: rssGVR, keys: noKeys },
        { resource: deploymentsGVR, keys: noKeys }
      ],
      reconcile: (key) => syncBudget(dc, key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  // The second queue of the controller: pods whose DisruptionTarget mark outlived its eviction.
  const stale = new Controller(
    {
      name: `${controllerName}-stale-pod-disruption`,
      watches: [{ resource: podsGVR, keys: staleMarkKeys(ctx.clock) as never }],
      reconcile: (key) => syncStalePodDisruption({ pods: dc.pods, client: ctx.client.resource<Pod>(podsGVR), clock: ctx.clock }, key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: controllerName,
    async start() {
      await Promise.all([controller.start(), stale.start()])
    },
    async stop() {
      await Promise.all([controller.stop(), stale.stop()])
      await dc.events.flush()
    }
  }
}
