import type { Deployment, ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1'
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'
import type { Informer } from '../../client/informer'

/**
 * How many pods a budget's pods are meant to be (getExpectedScale): the sum
 * of the scales of the controllers owning them, each counted once. A
 * percentage in a budget resolves against this number. Controllers are found
 * through the pod's controllerRef, as the disruption controller's finders do:
 * a ReplicaSet owned by a Deployment counts with the Deployment's replicas.
 */

export interface ScaleListers {
  replicationControllers: Informer<ReplicationController>
  replicaSets: Informer<ReplicaSet>
  deployments: Informer<Deployment>
  statefulSets: Informer<StatefulSet>
}

export interface ExpectedScale {
  expectedCount: number
  /** Names of selected pods without a controller. */
  unmanagedPods: string[]
}

interface ControllerAndScale {
  uid: string
  scale: number
}

/** The controller a pod names as its controllerRef (metav1.GetControllerOf). */
export function controllerOf(pod: Pod): OwnerReference | undefined {
  return (pod.metadata?.ownerReferences ?? []).find((r) => r.controller === true)
}

function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/')
  return slash < 0 ? '' : apiVersion.slice(0, slash)
}

/** getPodReplicaSet: a ReplicaSet that no Deployment controls. */
function replicaSetFinder(l: ScaleListers, ref: OwnerReference, ns: string): ControllerAndScale | undefined {
  if (ref.kind !== 'ReplicaSet' || groupOf(ref.apiVersion) !== 'apps') return undefined
  const rs = l.replicaSets.getByName(ns, ref.name)
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined
  const owner = (rs.metadata?.ownerReferences ?? []).find((r) => r.controller === true)
  if (owner?.kind === 'Deployment') return undefined
  return { uid: ref.uid, scale: rs.spec?.replicas ?? 1 }
}

/** getPodDeployment: the Deployment controlling the pod's ReplicaSet. */
function deploymentFinder(l: ScaleListers, ref: OwnerReference, ns: string): ControllerAndScale | undefined {
  if (ref.kind !== 'ReplicaSet' || groupOf(ref.apiVersion) !== 'apps') return undefined
  const rs = l.replicaSets.getByName(ns, ref.name)
  if (!rs || rs.metadata?.uid !== ref.uid) return undefined
  const owner = (rs.metadata?.ownerReferences ?? []).find((r) => r.controller === true)
  if (!owner || owner.kind !== 'Deployment' || groupOf(owner.apiVersion) !== 'apps') return undefined
  const d = l.deployments.getByName(ns, owner.name)
  if (!d || d.metadata?.uid !== owner.uid) return undefined
  return { uid: owner.uid, scale: d.spec?.replicas ?? 1 }
}

/** getPodReplicationController. */
function replicationControllerFinder(l: ScaleListers, ref: OwnerReference, ns: string): ControllerAndScale | undefined {
  if (ref.kind !== 'ReplicationController' || groupOf(ref.apiVersion) !== '') return undefined
  const rc = l.replicationControllers.getByName(ns, ref.name)
  if (!rc || rc.metadata?.uid !== ref.uid) return undefined
  return { uid: ref.uid, scale: rc.spec?.replicas ?? 1 }
}

/** getPodStatefulSet. */
function statefulSetFinder(l: ScaleListers, ref: OwnerReference, ns: string): ControllerAndScale | undefined {
  if (ref.kind !== 'StatefulSet' || groupOf(ref.apiVersion) !== 'apps') return undefined
  const ss = l.statefulSets.getByName(ns, ref.name)
  if (!ss || ss.metadata?.uid !== ref.uid) return undefined
  return { uid: ref.uid, scale: ss.spec?.replicas ?? 1 }
}

const finders = [replicaSetFinder, deploymentFinder, replicationControllerFinder, statefulSetFinder]

/**
 * getScaleController's answer for any other owner: kinds served here without
 * a scale subresource fail the sync (the budget then allows no disruption).
 */
function noScaleError(ref: OwnerReference): Error {
  const group = groupOf(ref.apiVersion)
  const known: Record<string, string> = { DaemonSet: 'daemonsets.apps', Job: 'jobs.batch', Node: 'nodes' }
  const resource = known[ref.kind]
  if (resource) return new Error(`${resource} does not implement the scale subresource`)
  return new Error(`no matches for kind ${JSON.stringify(ref.kind)} in version ${JSON.stringify(ref.apiVersion || group)}`)
}

/** getExpectedScale; throws `found no controllers for pod "x"` when a pod's controller is gone. */
export function expectedScale(l: ScaleListers, pods: readonly Pod[]): ExpectedScale {
  const scales = new Map<string, number>()
  const unmanagedPods: string[] = []
  for (const pod of pods) {
    const ref = controllerOf(pod)
    if (!ref) {
      unmanagedPods.push(pod.metadata?.name ?? '')
      continue
    }
    if (scales.has(ref.uid)) continue
    const ns = pod.metadata?.namespace ?? ''
    let found: ControllerAndScale | undefined
    for (const finder of finders) {
      found = finder(l, ref, ns)
      if (found) break
    }
    if (!found) {
      if (!['ReplicaSet', 'ReplicationController', 'Deployment', 'StatefulSet'].includes(ref.kind)) throw noScaleError(ref)
      throw new Error(`found no controllers for pod ${JSON.stringify(pod.metadata?.name ?? '')}`)
    }
    scales.set(found.uid, found.scale)
  }
  let expectedCount = 0
  for (const n of scales.values()) expectedCount += n
  return { expectedCount, unmanagedPods }
}
