import type { Container, PersistentVolumeClaim, Pod, Service } from 'kubernetes-types/core/v1'
import { Quantity, newQuantity, tryParseQuantity } from '../../apimachinery/quantity'
import type { KubeObject } from '../../apimachinery/types'

/**
 * What one object counts against a ResourceQuota, as the quota evaluators of
 * pkg/quota/v1/evaluator/core compute it: every object counts one
 * `count/<resource>[.<group>]` (and the core kinds their legacy name,
 * `pods`, `services`...); a pod that has not finished adds its containers'
 * requests and limits (`requests.cpu`, `cpu`, `limits.memory`...); a
 * Service its load balancers and node ports; a claim its storage request.
 */

export type Usage = Map<string, Quantity>

/** The core resources whose object count has a name of its own. */
const legacyCounted = new Set(['pods', 'services', 'configmaps', 'secrets', 'persistentvolumeclaims', 'replicationcontrollers', 'resourcequotas'])

/** The resources quota tracks for a pod, checked per container when quota names them. */
export const podComputeResources = ['cpu', 'memory', 'requests.cpu', 'requests.memory', 'limits.cpu', 'limits.memory'] as const

const one = () => newQuantity(1, 'DecimalSI')

/** Adds q to usage[key], keeping the format of what was there first, as quota.Add does. */
export function addUsage(usage: Usage, key: string, q: Quantity): void {
  const had = usage.get(key)
  usage.set(key, had ? had.add(q) : q)
}

/** The resource name quota counts a kind's objects under: `count/pods`, `count/deployments.apps`. */
export function countName(group: string, plural: string): string {
  return group ? `count/${plural}.${group}` : `count/${plural}`
}

function sumInto(into: Usage, list: Record<string, string> | undefined, prefix: string, alsoBare: boolean): void {
  for (const [name, v] of Object.entries(list ?? {})) {
    const q = tryParseQuantity(String(v))
    if (!q) continue
    addUsage(into, `${prefix}.${name}`, q)
    if (alsoBare) addUsage(into, name, q)
  }
}

/** podComputeUsageHelper for one container: `requests.cpu` (and `cpu`), `limits.cpu`... */
export function containerUsage(c: Container): Usage {
  const u: Usage = new Map()
  sumInto(u, c.resources?.requests as Record<string, string> | undefined, 'requests', true)
  sumInto(u, c.resources?.limits as Record<string, string> | undefined, 'limits', false)
  return u
}

/** Whether a pod no longer uses its resources (quota's QuotaV1Pod). */
export function podIsTerminal(pod: Pod): boolean {
  return pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
}

/** A pod's compute usage: the app containers' sum, raised to the largest init container's. */
function podUsage(pod: Pod): Usage {
  const total: Usage = new Map()
  for (const c of pod.spec?.containers ?? []) for (const [k, q] of containerUsage(c)) addUsage(total, k, q)
  for (const c of pod.spec?.initContainers ?? []) {
    for (const [k, q] of containerUsage(c)) {
      const had = total.get(k)
      if (!had || q.cmp(had) > 0) total.set(k, q)
    }
  }
  return total
}

/** Everything obj (of group/plural) counts against quota. */
export function objectUsage(group: string, plural: string, obj: KubeObject): Usage {
  const usage: Usage = new Map()
  if (group === '' && plural === 'pods' && podIsTerminal(obj as Pod)) return usage
  usage.set(countName(group, plural), one())
  if (group === '' && legacyCounted.has(plural)) usage.set(plural, one())
  if (group !== '') return usage
  if (plural === 'pods') for (const [k, q] of podUsage(obj as Pod)) usage.set(k, q)
  if (plural === 'services') {
    const svc = obj as Service
    if (svc.spec?.type === 'LoadBalancer') usage.set('services.loadbalancers', one())
    if (svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer') usage.set('services.nodeports', newQuantity(svc.spec.ports?.length ?? 0, 'DecimalSI'))
  }
  if (plural === 'persistentvolumeclaims') {
    const storage = tryParseQuantity(String((obj as PersistentVolumeClaim).spec?.resources?.requests?.storage ?? ''))
    if (storage) usage.set('requests.storage', storage)
  }
  return usage
}

/** quota's prettyPrint: `pods=1,requests.cpu=500m`, names sorted. */
export function prettyPrint(list: Usage | Record<string, string>): string {
  const entries = list instanceof Map ? [...list].map(([k, q]) => [k, q.toString()] as const) : Object.entries(list)
  return entries
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
}

/** A zero quantity for a resource quota tracks but nothing uses. */
export function zero(): Quantity {
  return Quantity.parse('0')
}
