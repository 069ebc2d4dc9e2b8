/**
 * A describe-like summary of one object (what `kubectl describe` leads
 * with), as data the inspector renders: sections of labelled rows. Pure.
 */
import type { KubeObject } from '../../../preload/contract'
import { age, controllerOf, get, isControlPlane, nodeAddress, nodeReady, podSummary, resourceOfKind, selectorText, type ObjectRef } from './kube'
import { policyRows } from './describe-policy'

export interface Row {
  label: string
  value: string
  mono?: boolean
  /** The value names another object: the inspector makes it a link. */
  link?: ObjectRef
  /** The value is a set of labels: shown as chips. */
  chips?: string[]
  tone?: 'ok' | 'warn' | 'error' | 'progress' | 'done' | 'unknown'
}

export interface Section {
  title: string
  rows: Row[]
}

export interface Condition {
  type: string
  status: string
  reason?: string
  message?: string
  lastTransitionTime?: string
}

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration'

export function describe(resource: string, obj: KubeObject, now: number): Section[] {
  const m = obj.metadata
  const labels = Object.entries(m.labels ?? {}).map(([k, v]) => `${k}=${v}`)
  const annotations = Object.keys(m.annotations ?? {}).filter((k) => k !== lastApplied)
  const owner = controllerOf(obj)
  const overview: Row[] = [
    { label: 'Name', value: m.name ?? '', mono: true },
    ...(m.namespace ? [{ label: 'Namespace', value: m.namespace, link: { resource: 'namespaces', name: m.namespace } }] : []),
    { label: 'Created', value: m.creationTimestamp ? `${age(m.creationTimestamp, now)} ago` : '—' },
    { label: 'Labels', value: labels.length ? '' : '<none>', chips: labels },
    ...(annotations.length ? [{ label: 'Annotations', value: annotations.join(', '), mono: true }] : []),
    ...(owner ? [{ label: 'Controlled by', value: `${owner.kind}/${owner.name}`, link: resourceOfKind[owner.kind] ? { resource: resourceOfKind[owner.kind], namespace: m.namespace, name: owner.name } : undefined }] : []),
    ...(m.deletionTimestamp ? [{ label: 'Deleting', value: `since ${age(m.deletionTimestamp, now)} ago`, tone: 'warn' as const }] : [])
  ]
  const sections: Section[] = [{ title: 'Overview', rows: overview }]
  const specific = kindRows(resource, obj)
  if (specific.length) sections.push({ title: 'Status', rows: specific })
  return sections
}

function kindRows(resource: string, o: KubeObject): Row[] {
  switch (resource) {
    case 'pods': {
      const s = podSummary(o)
      const node = get<string>(o, 'spec', 'nodeName')
      return [
        { label: 'Status', value: s.status, tone: s.tone === 'ok' ? 'ok' : s.tone },
        { label: 'Ready', value: `${s.ready}/${s.total}` },
        { label: 'Restarts', value: String(s.restarts), tone: s.restarts ? 'warn' : undefined },
        { label: 'Node', value: node ?? '<none> (not scheduled)', link: node ? { resource: 'nodes', name: node } : undefined },
        { label: 'Pod IP', value: get<string>(o, 'status', 'podIP') ?? '<none>', mono: true },
        { label: 'Host IP', value: get<string>(o, 'status', 'hostIP') ?? '<none>', mono: true },
        { label: 'QoS class', value: get<string>(o, 'status', 'qosClass') ?? '—' }
      ]
    }
    case 'nodes': {
      const ready = nodeReady(o)
      return [
        { label: 'Ready', value: ready, tone: ready === 'True' ? 'ok' : ready === 'False' ? 'error' : 'unknown' },
        { label: 'Role', value: isControlPlane(o) ? 'control-plane' : 'worker' },
        { label: 'Internal IP', value: nodeAddress(o) ?? '<none>', mono: true },
        { label: 'Pod CIDR', value: get<string>(o, 'spec', 'podCIDR') ?? '<none>', mono: true },
        { label: 'Schedulable', value: get<boolean>(o, 'spec', 'unschedulable') ? 'No (cordoned)' : 'Yes' },
        { label: 'Capacity', value: capacity(o), mono: true }
      ]
    }
    case 'services': {
      const ports = get<Array<{ name?: string; port: number; targetPort?: number | string; nodePort?: number; protocol?: string }>>(o, 'spec', 'ports') ?? []
      return [
        { label: 'Type', value: get<string>(o, 'spec', 'type') ?? 'ClusterIP' },
        { label: 'Cluster IP', value: get<string>(o, 'spec', 'clusterIP') ?? '<pending>', mono: true },
        { label: 'Ports', value: ports.map((p) => `${p.port}${p.nodePort ? ':' + p.nodePort : ''}/${p.protocol ?? 'TCP'} → ${p.targetPort ?? p.port}`).join(', ') || '<none>', mono: true },
        { label: 'Selector', value: selectorText(get(o, 'spec', 'selector')), mono: true }
      ]
    }
    case 'deployments.apps':
    case 'replicasets.apps':
    case 'replicationcontrollers':
    case 'statefulsets.apps':
    case 'daemonsets.apps': {
      const st = (k: string): number => get<number>(o, 'status', k) ?? 0
      const images = (get<Array<{ image?: string }>>(o, 'spec', 'template', 'spec', 'containers') ?? []).map((c) => c.image).join(', ')
      const rows: Row[] =
        resource === 'daemonsets.apps'
          ? [{ label: 'Pods', value: `${st('desiredNumberScheduled')} desired, ${st('currentNumberScheduled')} current, ${st('numberReady')} ready` }]
          : [{ label: 'Replicas', value: `${get<number>(o, 'spec', 'replicas') ?? 1} desired, ${st('replicas')} current, ${st('readyReplicas')} ready${resource === 'deployments.apps' ? `, ${st('availableReplicas')} available` : ''}` }]
      rows.push({ label: 'Selector', value: selectorText(get(o, 'spec', 'selector')), mono: true })
      if (images) rows.push({ label: 'Images', value: images, mono: true })
      const strategy = get<string>(o, 'spec', 'strategy', 'type') ?? get<string>(o, 'spec', 'updateStrategy', 'type')
      if (strategy) rows.push({ label: 'Strategy', value: strategy })
      return rows
    }
    case 'jobs.batch': {
      const completions = get<number>(o, 'spec', 'completions')
      const rows: Row[] = [
        { label: 'Completions', value: `${get<number>(o, 'status', 'succeeded') ?? 0}/${completions ?? '<unset>'}` },
        { label: 'Parallelism', value: String(get<number>(o, 'spec', 'parallelism') ?? 1) },
        { label: 'Completion mode', value: get<string>(o, 'spec', 'completionMode') ?? 'NonIndexed' },
        { label: 'Pods', value: `${get<number>(o, 'status', 'active') ?? 0} active, ${get<number>(o, 'status', 'succeeded') ?? 0} succeeded, ${get<number>(o, 'status', 'failed') ?? 0} failed` }
      ]
      const indexes = get<string>(o, 'status', 'completedIndexes')
      if (indexes) rows.push({ label: 'Completed indexes', value: indexes, mono: true })
      return rows
    }
    case 'cronjobs.batch':
      return [
        { label: 'Schedule', value: get<string>(o, 'spec', 'schedule') ?? '', mono: true },
        { label: 'Suspend', value: get<boolean>(o, 'spec', 'suspend') ? 'True' : 'False' },
        { label: 'Active', value: String((get<unknown[]>(o, 'status', 'active') ?? []).length) },
        { label: 'Last schedule', value: get<string>(o, 'status', 'lastScheduleTime') ?? '<none>', mono: true }
      ]
    case 'configmaps':
      return [{ label: 'Data', value: '<none>', chips: Object.keys({ ...(get<Record<string, string>>(o, 'data') ?? {}), ...(get<Record<string, string>>(o, 'binaryData') ?? {}) }) }]
    case 'secrets':
      // The values stay hidden, as `kubectl describe secret` shows only their sizes.
      return [
        { label: 'Type', value: get<string>(o, 'type') ?? 'Opaque' },
        { label: 'Data', value: '<none>', chips: Object.entries(get<Record<string, string>>(o, 'data') ?? {}).map(([k, v]) => `${k}: ${base64Bytes(v)} bytes`) }
      ]
    case 'persistentvolumeclaims':
      return [
        { label: 'Status', value: get<string>(o, 'status', 'phase') ?? 'Pending' },
        { label: 'Volume', value: get<string>(o, 'spec', 'volumeName') ?? '<none>', link: get<string>(o, 'spec', 'volumeName') ? { resource: 'persistentvolumes', name: get<string>(o, 'spec', 'volumeName')! } : undefined },
        { label: 'Requested', value: get<string>(o, 'spec', 'resources', 'requests', 'storage') ?? '—', mono: true },
        { label: 'Storage class', value: get<string>(o, 'spec', 'storageClassName') ?? '<default>' }
      ]
    case 'persistentvolumes':
      return [
        { label: 'Status', value: get<string>(o, 'status', 'phase') ?? 'Pending' },
        { label: 'Claim', value: get<string>(o, 'spec', 'claimRef', 'name') ? `${get<string>(o, 'spec', 'claimRef', 'namespace')}/${get<string>(o, 'spec', 'claimRef', 'name')}` : '<none>' },
        { label: 'Capacity', value: get<string>(o, 'spec', 'capacity', 'storage') ?? '—', mono: true },
        { label: 'Reclaim policy', value: get<string>(o, 'spec', 'persistentVolumeReclaimPolicy') ?? '—' }
      ]
    case 'events':
      return [
        { label: 'Type', value: get<string>(o, 'type') ?? 'Normal', tone: get<string>(o, 'type') === 'Warning' ? 'warn' : undefined },
        { label: 'Reason', value: get<string>(o, 'reason') ?? '' },
        { label: 'Object', value: `${get<string>(o, 'involvedObject', 'kind')}/${get<string>(o, 'involvedObject', 'name')}` },
        { label: 'Message', value: get<string>(o, 'message') ?? '' },
        { label: 'Count', value: String(get<number>(o, 'count') ?? 1) }
      ]
    default:
      return policyRows(resource, o) ?? []
  }
}

function capacity(node: KubeObject): string {
  const c = get<Record<string, string>>(node, 'status', 'capacity')
  if (!c) return '—'
  return [c.cpu && `cpu ${c.cpu}`, c.memory && `memory ${c.memory}`, c.pods && `pods ${c.pods}`].filter(Boolean).join(', ')
}

export function conditionsOf(obj: KubeObject): Condition[] {
  return get<Condition[]>(obj, 'status', 'conditions') ?? []
}

/** How many bytes a base64 string decodes to. */
function base64Bytes(v: string): number {
  return Math.floor((v.length * 3) / 4) - (v.endsWith('==') ? 2 : v.endsWith('=') ? 1 : 0)
}
