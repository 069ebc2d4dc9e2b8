import type { Container, Node, Pod, Taint, Toleration } from 'kubernetes-types/core/v1'
import { PodInfo, Scheduler, emptyListers, type Listers, type Status } from '../../../main/cluster/scheduler'

/** A node with allocatable resources (capacity equal), labels (hostname by default), taints, cordoning. */
export function makeNode(
  name: string,
  o: { cpu?: string; memory?: string; pods?: string; labels?: Record<string, string>; taints?: Taint[]; unschedulable?: boolean; extra?: Record<string, string> } = {}
): Node {
  const allocatable = { cpu: o.cpu ?? '4', memory: o.memory ?? '16Gi', pods: o.pods ?? '110', ...(o.extra ?? {}) }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) } },
    spec: { ...(o.taints ? { taints: o.taints } : {}), ...(o.unschedulable ? { unschedulable: true } : {}) },
    status: { allocatable, capacity: allocatable, conditions: [{ type: 'Ready', status: 'True' }] }
  }
}

/** A pod; `requests` apply to its one container unless `containers` is given. */
export function makePod(
  name: string,
  o: {
    namespace?: string
    requests?: Record<string, string>
    containers?: Container[]
    initContainers?: Container[]
    nodeName?: string
    labels?: Record<string, string>
    tolerations?: Toleration[]
    nodeSelector?: Record<string, string>
    affinity?: NonNullable<Pod['spec']>['affinity']
    priority?: number
    spec?: Partial<NonNullable<Pod['spec']>>
    ownerRS?: string
  } = {}
): Pod {
  const ns = o.namespace ?? 'default'
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: ns,
      uid: `uid-${ns}-${name}`,
      labels: o.labels ?? {},
      ...(o.ownerRS ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: o.ownerRS, uid: `rs-${o.ownerRS}`, controller: true }] } : {})
    },
    spec: {
      schedulerName: 'default-scheduler',
      priority: o.priority ?? 0,
      containers: o.containers ?? [{ name: 'app', image: 'nginx', resources: o.requests ? { requests: o.requests } : {} }],
      ...(o.initContainers ? { initContainers: o.initContainers } : {}),
      ...(o.nodeName ? { nodeName: o.nodeName } : {}),
      ...(o.tolerations ? { tolerations: o.tolerations } : {}),
      ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
      ...(o.affinity ? { affinity: o.affinity } : {}),
      ...(o.spec ?? {})
    }
  }
}

/** A scheduler running only the named plugins (weight 1), with the given nodes and placed pods. */
export function schedulerWith(plugins: string[], nodes: Node[], placed: Pod[] = [], listers: Partial<Listers> = {}): Scheduler {
  const s = new Scheduler({ profile: { schedulerName: 'default-scheduler', plugins: plugins.map((name) => ({ name })) }, listers: { ...emptyListers, ...listers } })
  for (const n of nodes) s.setNode(n)
  for (const p of placed) s.setPod(p)
  return s
}

/** The PreFilter status, else the Filter status of one plugin for a pod on a node (null: it fits); `others` are more nodes in the cluster. */
export function filterOn(plugin: string, pod: Pod, node: Node, placed: Pod[] = [], listers: Partial<Listers> = {}, others: Node[] = []): Status | null {
  const s = schedulerWith([plugin], [node, ...others.filter((n) => n.metadata?.name !== node.metadata?.name)], placed, listers)
  const fw = s.framework
  const state = fw.newCycleState()
  const pi = new PodInfo(pod)
  const pre = fw.runPreFilterPlugins(state, pi)
  if (pre.status) return pre.status
  if (pre.nodes && !pre.nodes.has(node.metadata!.name!)) return pre.status
  return fw.runFilterPlugins(state, pi, s.cache.get(node.metadata!.name!)!)
}

/** The Filter reasons (joined) or 'fits'. */
export function filterResult(plugin: string, pod: Pod, node: Node, placed: Pod[] = [], listers: Partial<Listers> = {}, others: Node[] = []): string {
  const s = filterOn(plugin, pod, node, placed, listers, others)
  return s ? `${s.code}: ${s.message()}` : 'fits'
}

/** Normalized scores of one plugin for a pod over nodes (PreScore, Score, NormalizeScore), by node name. */
export function scoresOf(plugin: string, pod: Pod, nodes: Node[], placed: Pod[] = [], listers: Partial<Listers> = {}): Record<string, number> {
  const s = schedulerWith([plugin], nodes, placed, listers)
  const fw = s.framework
  const state = fw.newCycleState()
  const pi = new PodInfo(pod)
  const infos = nodes.map((n) => s.cache.get(n.metadata!.name!)!)
  const pre = fw.runPreScorePlugins(state, pi, infos)
  if (pre) throw new Error(pre.message())
  const table = fw.runScorePlugins(state, pi, infos)
  const out: Record<string, number> = {}
  infos.forEach((n, i) => (out[n.name] = table.scores.length ? table.scores[0][i] : NaN))
  return out
}
