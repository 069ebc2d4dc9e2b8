import type { Event, Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Cluster } from '../../../main/cluster/cluster'
import type { Mutable } from '../../../main/cluster/apimachinery/types'
import { waitFor } from '../../support/wait'

/** Collections the replica, garbage collector and namespace tests use. */
export const gvr = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  rcs: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  rss: { group: 'apps', version: 'v1', resource: 'replicasets' },
  events: { group: '', version: 'v1', resource: 'events' },
  configmaps: { group: '', version: 'v1', resource: 'configmaps' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' }
} as const

const container = [{ name: 'app', image: 'nginx:1.27' }]

/** A ReplicaSet selecting app=<name>. */
export function replicaSet(name: string, replicas: number, extra: { namespace?: string; templateLabels?: Record<string, string>; minReadySeconds?: number } = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name, namespace: extra.namespace ?? 'default' },
    spec: {
      replicas,
      minReadySeconds: extra.minReadySeconds,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name, ...extra.templateLabels } }, spec: { containers: container } }
    }
  }
}

/** A ReplicationController selecting app=<name> (defaulted from the template). */
export function replicationController(name: string, replicas: number, namespace = 'default'): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name, namespace },
    spec: { replicas, template: { metadata: { labels: { app: name } }, spec: { containers: container } } }
  }
}

/** A bare pod. */
export function pod(name: string, labels: Record<string, string>, namespace = 'default'): Pod {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace, labels }, spec: { containers: container } }
}

/** The active (not being deleted) pods of a namespace carrying label app=<app>. */
export async function activePods(cluster: Cluster, app: string, namespace = 'default'): Promise<Pod[]> {
  const list = await cluster.client.resource<Pod>(gvr.pods).list(namespace, { labelSelector: `app=${app}` })
  return list.items.filter((p) => !p.metadata?.deletionTimestamp)
}

/** Waits until exactly n active pods carry app=<app>, and returns them. */
export async function waitForPods(cluster: Cluster, app: string, n: number, namespace = 'default'): Promise<Pod[]> {
  let last: Pod[] = []
  await waitFor(async () => (last = await activePods(cluster, app, namespace)).length === n, `${n} pods with app=${app} (have ${last.length})`)
  return last
}

/** Marks a pod Running and Ready since the cluster's now (what a kubelet would write). */
export async function makeReady(cluster: Cluster, p: Pod): Promise<Pod> {
  const pods = cluster.client.resource<Pod>(gvr.pods)
  const current: Mutable<Pod> = structuredClone(await pods.get(p.metadata?.namespace, p.metadata?.name ?? ''))
  const now = cluster.clock.rfc3339()
  current.status = {
    ...current.status,
    phase: 'Running',
    conditions: [
      { type: 'PodScheduled', status: 'True', lastTransitionTime: now },
      { type: 'Ready', status: 'True', lastTransitionTime: now }
    ]
  }
  return pods.updateStatus(current)
}

/** Events about an object, oldest first. */
export async function eventsFor(cluster: Cluster, name: string, namespace = 'default'): Promise<Event[]> {
  const list = await cluster.client.resource<Event>(gvr.events).list(namespace)
  return list.items.filter((e) => e.involvedObject.name === name)
}
