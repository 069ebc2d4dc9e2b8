import type { Node, Pod } from 'kubernetes-types/core/v1'
import type { Cluster } from '../cluster/cluster'
import { isAlreadyExists, isStatusError } from '../cluster/apimachinery/errors'
import type { KubeObject } from '../cluster/apimachinery/types'
import { evictPod } from '../cluster/registry/pod-eviction'
import type { DrainReport, NodeAction } from '../../preload/contract'
import { patchObject } from './patch'

/**
 * The node actions of the UI, each as kubectl (or the person at the
 * machine) does it, through the API: power is the sim.kubelab.dev/power
 * annotation the node's kubelet obeys; cordon and uncordon are kubectl's
 * patch of spec.unschedulable; drain is `kubectl drain --ignore-daemonsets
 * --delete-emptydir-data --force`: cordon, then evict every pod on the node
 * through pods/eviction (so PodDisruptionBudgets have their say) except
 * DaemonSet-managed and mirror pods; add creates a Node named as kind names
 * its workers, and the nodes component starts a kubelet for it.
 */

const nodes = { group: '', version: 'v1', resource: 'nodes' }
const pods = { group: '', version: 'v1', resource: 'pods' }
/** The annotation the simulated kubelet reads (node/kubelet/sim-annotations.ts). */
export const powerAnnotation = 'sim.kubelab.dev/power'
/** The annotation that marks a static pod's mirror (kubelet's ConfigMirrorAnnotationKey). */
const mirrorAnnotation = 'kubernetes.io/config.mirror'

export async function nodeAction(cluster: Cluster, node: string, action: NodeAction): Promise<{ node: KubeObject; drain?: DrainReport }> {
  const patch = (body: unknown): Promise<KubeObject> => patchObject(cluster, { gvr: nodes, name: node, type: 'strategic', patch: body })
  switch (action) {
    case 'power-off':
      return { node: await patch({ metadata: { annotations: { [powerAnnotation]: 'off' } } }) }
    case 'power-on':
      return { node: await patch({ metadata: { annotations: { [powerAnnotation]: 'on' } } }) }
    case 'cordon':
      return { node: await patch({ spec: { unschedulable: true } }) }
    case 'uncordon':
      // kubectl's patch: unschedulable false is omitted from a Node, so the field is removed.
      return { node: await patch({ spec: { unschedulable: null } }) }
    case 'drain': {
      const cordoned = await patch({ spec: { unschedulable: true } })
      return { node: cordoned, drain: await evictAll(cluster, node) }
    }
  }
}

/** Evicts the node's pods as kubectl drain does, one by one; refusals (a budget allows no disruption) are reported, not retried. */
async function evictAll(cluster: Cluster, node: string): Promise<DrainReport> {
  const report: DrainReport = { evicted: [], skipped: [], failed: [] }
  const list = await cluster.client.resource<Pod>(pods).list(undefined, { fieldSelector: `spec.nodeName=${node}` })
  const podStore = cluster.resources.forResource('', 'pods')!
  const pdbStore = cluster.resources.forResource('policy', 'poddisruptionbudgets')
  for (const pod of list.items) {
    const ns = pod.metadata?.namespace ?? 'default'
    const name = pod.metadata?.name ?? ''
    const id = `${ns}/${name}`
    if (pod.metadata?.annotations?.[mirrorAnnotation] !== undefined) {
      report.skipped.push({ pod: id, reason: 'mirror pod (static pods stay with their node)' })
      continue
    }
    if (pod.metadata?.ownerReferences?.some((o) => o.controller && o.kind === 'DaemonSet')) {
      report.skipped.push({ pod: id, reason: 'DaemonSet-managed (--ignore-daemonsets)' })
      continue
    }
    try {
      if (pdbStore) {
        const eviction = { apiVersion: 'policy/v1' as const, kind: 'Eviction' as const, metadata: { name, namespace: ns } }
        const result = await evictPod({ pods: podStore, pdbs: pdbStore, clock: cluster.clock }, ns, name, eviction, {})
        if (result.code >= 300) throw Object.assign(new Error(result.message ?? 'eviction failed'), { status: result })
      } else {
        await cluster.client.resource(pods).delete(ns, name)
      }
      report.evicted.push(id)
    } catch (e) {
      report.failed.push({ pod: id, message: isStatusError(e) ? e.message : e instanceof Error ? e.message : String(e) })
    }
  }
  return report
}

/**
 * Adds a worker named as kind names them (`<cluster>-worker`, `-worker2`, ...),
 * the first free name, unless a name is given. The Node is what a kubelet
 * registers with; the nodes component starts that kubelet.
 */
export async function addNode(cluster: Cluster, name?: string): Promise<KubeObject> {
  const client = cluster.client.resource<Node>(nodes)
  const existing = new Set((await client.list()).items.map((n) => n.metadata?.name))
  const base = `${cluster.config.name}-worker`
  let candidate = name
  for (let i = 1; !candidate; i++) {
    const n = `${base}${i === 1 ? '' : i}`
    if (!existing.has(n)) candidate = n
  }
  try {
    return (await client.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: candidate } })) as KubeObject
  } catch (e) {
    if (isAlreadyExists(e) && !name) return addNode(cluster) // someone took the name meanwhile
    throw e
  }
}
