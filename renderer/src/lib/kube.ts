/**
 * Small readers of Kubernetes objects for display: what kubectl prints, not
 * cluster truth (that stays in the main process). Pure functions, no browser.
 */
import type { KubeObject } from '../../../preload/contract'

/** Identifies one object in the stores and on the canvas. */
export interface ObjectRef {
  /** resourceKey(): `pods`, `deployments.apps`. */
  resource: string
  namespace?: string
  name: string
}

/** `namespace/name`, or `name` for cluster-scoped objects: the key within one resource. */
export function objectKey(obj: { metadata: { namespace?: string; name?: string } }): string {
  const { namespace, name } = obj.metadata
  return namespace ? `${namespace}/${name}` : (name ?? '')
}

export function refKey(ref: ObjectRef): string {
  return `${ref.resource}:${ref.namespace ? ref.namespace + '/' : ''}${ref.name}`
}

export function refOf(resource: string, obj: KubeObject): ObjectRef {
  return { resource, namespace: obj.metadata.namespace, name: obj.metadata.name ?? '' }
}

/** The resource key for a kind, for the kinds the UI draws (owner references and events name kinds). */
export const resourceOfKind: Readonly<Record<string, string>> = {
  Namespace: 'namespaces',
  Node: 'nodes',
  Pod: 'pods',
  Service: 'services',
  Endpoints: 'endpoints',
  ReplicationController: 'replicationcontrollers',
  ReplicaSet: 'replicasets.apps',
  Deployment: 'deployments.apps',
  DaemonSet: 'daemonsets.apps',
  StatefulSet: 'statefulsets.apps',
  Job: 'jobs.batch',
  CronJob: 'cronjobs.batch',
  ConfigMap: 'configmaps',
  Secret: 'secrets',
  PersistentVolume: 'persistentvolumes',
  PersistentVolumeClaim: 'persistentvolumeclaims',
  StorageClass: 'storageclasses.storage.k8s.io',
  Event: 'events',
  HorizontalPodAutoscaler: 'horizontalpodautoscalers.autoscaling',
  ResourceQuota: 'resourcequotas',
  LimitRange: 'limitranges',
  PodDisruptionBudget: 'poddisruptionbudgets.policy',
  PriorityClass: 'priorityclasses.scheduling.k8s.io',
  Ingress: 'ingresses.networking.k8s.io',
  IngressClass: 'ingressclasses.networking.k8s.io',
  NetworkPolicy: 'networkpolicies.networking.k8s.io',
  ServiceAccount: 'serviceaccounts',
  Role: 'roles.rbac.authorization.k8s.io',
  RoleBinding: 'rolebindings.rbac.authorization.k8s.io',
  ClusterRole: 'clusterroles.rbac.authorization.k8s.io',
  ClusterRoleBinding: 'clusterrolebindings.rbac.authorization.k8s.io'
}

/** Field readers; objects come as loose JSON, so every step is checked. */
export function get<T>(obj: unknown, ...path: Array<string | number>): T | undefined {
  let cur: unknown = obj
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[p]
  }
  return cur as T | undefined
}

export interface ContainerStatus {
  name: string
  ready?: boolean
  restartCount?: number
  image?: string
  state?: { running?: { startedAt?: string }; waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } }
}

/** What a pod's row says, as `kubectl get pods` computes READY, STATUS and RESTARTS. */
export interface PodSummary {
  phase: string
  /** kubectl's STATUS column: the phase, or the reason that matters more (ContainerCreating, CrashLoopBackOff, Terminating). */
  status: string
  ready: number
  total: number
  restarts: number
  /** A colour class for the canvas and badges. */
  tone: 'ok' | 'progress' | 'warn' | 'error' | 'done' | 'unknown'
}

export function podSummary(pod: KubeObject): PodSummary {
  const phase = get<string>(pod, 'status', 'phase') ?? 'Pending'
  const containers = get<unknown[]>(pod, 'spec', 'containers') ?? []
  const statuses = get<ContainerStatus[]>(pod, 'status', 'containerStatuses') ?? []
  const ready = statuses.filter((s) => s.ready).length
  const restarts = statuses.reduce((n, s) => n + (s.restartCount ?? 0), 0)
  let status = get<string>(pod, 'status', 'reason') ?? phase
  for (const s of statuses) {
    const reason = s.state?.waiting?.reason ?? s.state?.terminated?.reason
    if (reason && !s.ready) status = reason
  }
  if (phase === 'Pending' && !get(pod, 'spec', 'nodeName')) status = 'Pending'
  if (pod.metadata.deletionTimestamp) status = 'Terminating'
  // Ready as Services see it: the pod's Ready condition, which the node lifecycle controller also turns
  // False when the node stops reporting (kubectl's READY column still counts the containers then).
  const readyCondition = get<Array<{ type?: string; status?: string }>>(pod, 'status', 'conditions')?.find((c) => c.type === 'Ready')?.status
  const tone = readyCondition === 'False' && phase === 'Running' ? 'warn' : toneOf(phase, status, ready, containers.length)
  return { phase, status, ready, total: containers.length, restarts, tone }
}

function toneOf(phase: string, status: string, ready: number, total: number): PodSummary['tone'] {
  if (status === 'Terminating') return 'unknown'
  if (/BackOff|Err|Failed|OOMKilled|Evicted/.test(status) || phase === 'Failed') return 'error'
  if (phase === 'Succeeded') return 'done'
  if (phase === 'Running') return ready === total && total > 0 ? 'ok' : 'warn'
  if (phase === 'Pending') return 'progress'
  return 'unknown'
}

/** A node's Ready condition: 'True', 'False' or 'Unknown' (no heartbeat yet). */
export function nodeReady(node: KubeObject): 'True' | 'False' | 'Unknown' {
  const conditions = get<Array<{ type: string; status: string }>>(node, 'status', 'conditions') ?? []
  const ready = conditions.find((c) => c.type === 'Ready')?.status
  return ready === 'True' || ready === 'False' ? ready : 'Unknown'
}

export function nodeAddress(node: KubeObject, type = 'InternalIP'): string | undefined {
  return (get<Array<{ type: string; address: string }>>(node, 'status', 'addresses') ?? []).find((a) => a.type === type)?.address
}

export function isControlPlane(node: KubeObject): boolean {
  const labels = node.metadata.labels ?? {}
  return 'node-role.kubernetes.io/control-plane' in labels || (node.metadata.name ?? '').endsWith('-control-plane')
}

/** The controller that owns an object (ownerReferences with controller: true), else its first owner. */
export function controllerOf(obj: KubeObject): { kind: string; name: string; uid: string } | undefined {
  const owners = obj.metadata.ownerReferences ?? []
  const owner = owners.find((o) => o.controller) ?? owners[0]
  return owner ? { kind: owner.kind, name: owner.name, uid: owner.uid } : undefined
}

type Requirement = { key: string; operator: string; values?: string[] }

/**
 * Whether labels match a selector: a Service's or RC's plain map, or a
 * LabelSelector (matchLabels and matchExpressions). An empty selector
 * matches nothing here, as a Service without a selector selects no pods.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false
  const l = labels ?? {}
  const sel = selector as { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }
  const isLabelSelector = 'matchLabels' in sel || 'matchExpressions' in sel
  const matchLabels = isLabelSelector ? (sel.matchLabels ?? {}) : (selector as Record<string, string>)
  const expressions = isLabelSelector ? (sel.matchExpressions ?? []) : []
  if (Object.keys(matchLabels).length === 0 && expressions.length === 0) return false
  for (const [k, v] of Object.entries(matchLabels)) if (l[k] !== v) return false
  for (const e of expressions) {
    const has = e.key in l
    const inValues = has && (e.values ?? []).includes(l[e.key])
    if (e.operator === 'In' && !inValues) return false
    if (e.operator === 'NotIn' && inValues) return false
    if (e.operator === 'Exists' && !has) return false
    if (e.operator === 'DoesNotExist' && has) return false
  }
  return true
}

/** A selector as kubectl prints it: `app=web,tier=fe`. */
export function selectorText(selector: unknown): string {
  if (!selector || typeof selector !== 'object') return '<none>'
  const sel = selector as { matchLabels?: Record<string, string>; matchExpressions?: Requirement[] }
  const isLabelSelector = 'matchLabels' in sel || 'matchExpressions' in sel
  const labels = isLabelSelector ? (sel.matchLabels ?? {}) : (selector as Record<string, string>)
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`)
  for (const e of isLabelSelector ? (sel.matchExpressions ?? []) : []) {
    if (e.operator === 'Exists') parts.push(e.key)
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`)
    else parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`)
  }
  return parts.length ? parts.join(',') : '<none>'
}

/** kubectl's AGE: 45s, 3m12s, 5h, 2d3h, 400d. */
export function age(timestamp: string | undefined, now: number): string {
  if (!timestamp) return '<unknown>'
  const s = Math.max(0, Math.floor((now - Date.parse(timestamp)) / 1000))
  if (s < 60 * 2) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 10) return `${m}m${s % 60 ? `${s % 60}s` : ''}`
  if (m < 60 * 3) return `${m}m`
  const h = Math.floor(m / 60)
  if (h < 8) return `${h}h${m % 60 ? `${m % 60}m` : ''}`
  if (h < 48) return `${h}h`
  const d = Math.floor(h / 24)
  if (d < 8) return `${d}d${h % 24 ? `${h % 24}h` : ''}`
  if (d < 365 * 2) return `${d}d`
  return `${Math.floor(d / 365)}y${d % 365 ? `${d % 365}d` : ''}`
}

/** Abbreviations for tags on the canvas and in lists, as kubectl's short names. */
export const kindShort: Readonly<Record<string, string>> = {
  Pod: 'pod',
  Service: 'svc',
  Deployment: 'deploy',
  ReplicaSet: 'rs',
  ReplicationController: 'rc',
  DaemonSet: 'ds',
  StatefulSet: 'sts',
  Job: 'job',
  CronJob: 'cj',
  ConfigMap: 'cm',
  Secret: 'secret',
  Node: 'node',
  Namespace: 'ns',
  PersistentVolume: 'pv',
  PersistentVolumeClaim: 'pvc',
  StorageClass: 'sc',
  Endpoints: 'ep',
  Event: 'ev'
}
