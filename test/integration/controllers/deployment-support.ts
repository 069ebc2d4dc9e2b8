import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Event, Pod } from 'kubernetes-types/core/v1'
import type { Mutable } from '../../../main/cluster/apimachinery/types'
import type { Component, ComponentFactory } from '../../../main/cluster/component'
import { Controller } from '../../../main/cluster/client/controller'
import { splitKey } from '../../../main/cluster/client/indexer-keys'
import { isConflict, isNotFound } from '../../../main/cluster/apimachinery/errors'
import type { Cluster } from '../../../main/cluster/cluster'

/**
 * Test support for the deployment controller's integration tests: a stand-in
 * for the kubelets (pods become Running and Ready with an IP as they
 * appear), object builders and readers.
 */

export const podsGVR = { group: '', version: 'v1', resource: 'pods' }
export const deploymentsGVR = { group: 'apps', version: 'v1', resource: 'deployments' }
export const replicaSetsGVR = { group: 'apps', version: 'v1', resource: 'replicasets' }
export const eventsGVR = { group: '', version: 'v1', resource: 'events' }

/**
 * A fake kubelet: every new pod for which `ready(pod)` holds becomes
 * Running and Ready with the next pod IP. Pods stay unbound, so they are
 * removed at once when deleted, unless `node` is given: then they are bound
 * to it first (and their deletion waits for a grace period no one ends).
 */
export function fakeKubelet(ready: (pod: Pod) => boolean = () => true, node?: string): ComponentFactory {
  return (ctx): Component => {
    const pods = ctx.informers.informerFor<Pod>(podsGVR)
    const client = ctx.client.resource<Pod>(podsGVR)
    let next = 1
    const controller = new Controller(
      {
        name: 'fake-kubelet',
        watches: [{ resource: podsGVR }],
        async reconcile(key) {
          const { namespace, name } = splitKey(key)
          const pod = pods.getByName(namespace, name)
          if (!pod || pod.metadata?.deletionTimestamp || pod.status?.podIP || !ready(pod)) return
          if (node && !pod.spec?.nodeName) {
            await ctx.client.bind({ metadata: { name, namespace }, target: { kind: 'Node', name: node } })
            return
          }
          const copy = structuredClone(pod) as Mutable<Pod>
          const ip = `10.244.${Math.floor(next / 250)}.${(next % 250) + 2}`
          next++
          const now = ctx.clock.rfc3339()
          copy.status = {
            ...copy.status,
            phase: 'Running',
            podIP: ip,
            podIPs: [{ ip }],
            conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: now }]
          }
          try {
            await client.updateStatus(copy)
          } catch (e) {
            if (!isNotFound(e) && !isConflict(e)) throw e
          }
        }
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
    return { name: 'fake-kubelet', start: () => controller.start(), stop: () => controller.stop() }
  }
}

/** A Deployment of nginx pods labelled app=<name>. */
export function deployment(name: string, spec: Partial<NonNullable<Deployment['spec']>> = {}, image = 'nginx:1.27'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } },
      ...spec
    }
  }
}

/** Reads objects of the cluster. */
export function reader(cluster: Cluster) {
  const deployments = cluster.client.resource<Deployment>(deploymentsGVR)
  const replicaSets = cluster.client.resource<ReplicaSet>(replicaSetsGVR)
  const pods = cluster.client.resource<Pod>(podsGVR)
  return {
    deployments,
    replicaSets,
    pods,
    deployment: (name: string) => deployments.get('default', name),
    /** The ReplicaSets a Deployment controls, oldest revision first. */
    async replicaSetsOf(d: Deployment): Promise<ReplicaSet[]> {
      const all = (await replicaSets.list('default')).items
      return all
        .filter((rs) => rs.metadata?.ownerReferences?.some((r) => r.uid === d.metadata?.uid && r.controller))
        .sort((a, b) => revision(a) - revision(b))
    },
    async podsOf(rs: ReplicaSet): Promise<Pod[]> {
      return (await pods.list('default')).items.filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === rs.metadata?.uid))
    },
    async events(reason: string): Promise<Event[]> {
      return (await cluster.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.reason === reason)
    }
  }
}

/** The revision annotation as a number. */
export function revision(obj: { metadata?: { annotations?: Record<string, string> } }): number {
  return Number(obj.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0)
}

/** Replaces the Deployment's spec (as kubectl edit does), retrying on conflicts. */
export async function editDeployment(cluster: Cluster, name: string, edit: (d: Deployment) => void): Promise<Deployment> {
  const client = cluster.client.resource<Deployment>(deploymentsGVR)
  for (;;) {
    const d = structuredClone(await client.get('default', name)) as Deployment
    edit(d)
    try {
      return await client.update(d)
    } catch (e) {
      if (!isConflict(e)) throw e
    }
  }
}

/** Whether the Deployment's rollout is complete, as `kubectl rollout status` decides. */
export function rolloutComplete(d: Deployment): boolean {
  const s = d.status ?? {}
  const replicas = d.spec?.replicas ?? 1
  const progressing = s.conditions?.find((c) => c.type === 'Progressing')
  return (
    (s.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0) &&
    (s.updatedReplicas ?? 0) === replicas &&
    (s.replicas ?? 0) === (s.updatedReplicas ?? 0) &&
    (s.availableReplicas ?? 0) === (s.updatedReplicas ?? 0) &&
    progressing?.reason === 'NewReplicaSetAvailable'
  )
}
