import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import type { Component, ComponentFactory } from '../../component'
import { isConflict } from '../../apimachinery/errors'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import { Controller } from '../../client/controller'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf } from '../../client/indexer-keys'
import type { Informer } from '../../client/informer'
import type { DeploymentSyncContext } from './context'
import { syncDeployment } from './sync-deployment'

const deploymentsGVR = { group: 'apps', version: 'v1', resource: 'deployments' }
const replicaSetsGVR = { group: 'apps', version: 'v1', resource: 'replicasets' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

/** The name the controller logs and reports events as, as in kube-controller-manager. */
const controllerName = 'deployment-controller'

/** Concurrent Deployment syncs (kube-controller-manager's --concurrent-deployment-syncs default). */
const workers = 5

function controllerOf(obj: { metadata?: { ownerReferences?: Array<{ controller?: boolean; kind: string; name: string; uid: string }> } }, kind: string) {
  // A loop, not find with a closure: this runs for both versions of every pod change.
  const refs = obj.metadata?.ownerReferences
  if (!refs) return undefined
  for (let i = 0; i < refs.length; i++) if (refs[i].controller === true && refs[i].kind === kind) return refs[i]
  return undefined
}

/** The answer for a change that concerns no Deployment (shared: the controller only reads it). */
const noKeys: string[] = Object.freeze([]) as unknown as string[]

/**
 * Which Deployments a ReplicaSet change concerns: its controller, or, for
 * an orphan, every Deployment in its namespace whose selector matches it
 * (one of them may adopt it).
 */
function replicaSetKeys(deployments: Informer<Deployment>): (rs: ReplicaSet) => string[] {
  return (rs) => {
    const namespace = rs.metadata?.namespace
    const ref = controllerOf(rs, 'Deployment')
    if (ref) return [keyOf(namespace, ref.name)]
    if (rs.metadata?.ownerReferences?.some((r) => r.controller)) return []
    return deployments
      .byIndex(IndexNames.namespace, namespace ?? '')
      .filter((d) => {
        try {
          const selector = labelSelectorFromObject(d.spec?.selector)
          return !selector.empty() && selector.matches(rs.metadata?.labels)
        } catch {
          return false
        }
      })
      .map((d) => keyOf(namespace, d.metadata?.name ?? ''))
  }
}

/** Pod changes matter to Recreate Deployments only: they wait for old pods to stop. */
function podKeys(deployments: Informer<Deployment>, replicaSets: Informer<ReplicaSet>): (pod: Pod) => string[] {
  return (pod) => {
    const namespace = pod.metadata?.namespace
    const rsRef = controllerOf(pod, 'ReplicaSet')
    if (!rsRef) return noKeys
    const rs = replicaSets.getByName(namespace, rsRef.name)
    const dRef = rs && controllerOf(rs, 'Deployment')
    if (!dRef) return noKeys
    const d = deployments.getByName(namespace, dRef.name)
    return d?.spec?.strategy?.type === 'Recreate' ? [keyOf(namespace, dRef.name)] : noKeys
  }
}

/**
 * The Deployment controller: rolls Deployments out through ReplicaSets
 * named `<deployment>-<pod-template-hash>` (RollingUpdate within
 * maxSurge/maxUnavailable, or Recreate), scales them proportionally, keeps
 * revisionHistoryLimit old ReplicaSets for rollbacks, and reports status
 * and the Available and Progressing conditions that `kubectl rollout
 * status` waits on.
 */
export const deploymentComponent: ComponentFactory = (ctx): Component => {
  const deployments = ctx.informers.informerFor<Deployment>(deploymentsGVR)
  const replicaSets = ctx.informers.informerFor<ReplicaSet>(replicaSetsGVR)
  const pods = ctx.informers.informerFor<Pod>(podsGVR)
  const dc: DeploymentSyncContext = {
    deployments: ctx.client.resource<Deployment>(deploymentsGVR),
    replicaSets: ctx.client.resource<ReplicaSet>(replicaSetsGVR),
    rsInformer: replicaSets,
    podInformer: pods,
    events: ctx.events({ component: controllerName }),
    clock: ctx.clock
  }
  const controller = new Controller(
    {
      name: controllerName,
      workers,
      watches: [
        { resource: deploymentsGVR },
        { resource: replicaSetsGVR, keys: replicaSetKeys(deployments) as never },
        { resource: podsGVR, keys: podKeys(deployments, replicaSets) as never }
      ],
      async reconcile(key) {
        try {
          const requeueAfter = await syncDeployment(dc, deployments, key)
          return requeueAfter === undefined ? undefined : { requeueAfter }
        } catch (e) {
          // A stale cache: the watch event that updates it enqueues this Deployment again.
          if (isConflict(e)) return undefined
          throw e
        }
      }
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return {
    name: controllerName,
    start: () => controller.start(),
    async stop() {
      await controller.stop()
      await dc.events.flush()
    }
  }
}
