import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from 'kubernetes-types/core/v1'
import { parseQuantity, type Quantity } from '../../apimachinery/quantity'

/**
 * The downward API's values for environment variables, as the kubelet
 * resolves them when it creates a container (podFieldSelectorRuntimeValue and
 * ExtractContainerResourceValue).
 */

/** What only the kubelet knows when it starts the container: the sandbox's addresses. */
export interface PodRuntimeAddresses {
  podIPs: readonly string[]
  hostIPs: readonly string[]
}

/** The value of a `fieldRef`; throws for a path the kubelet does not support. */
export function fieldRefValue(pod: Pod, ref: ObjectFieldSelector, addresses: PodRuntimeAddresses): string {
  const path = ref.fieldPath
  switch (path) {
    case 'spec.nodeName':
      return pod.spec?.nodeName ?? ''
    case 'spec.serviceAccountName':
      return pod.spec?.serviceAccountName ?? ''
    case 'status.hostIP':
      return addresses.hostIPs[0] ?? ''
    case 'status.hostIPs':
      return addresses.hostIPs.join(',')
    case 'status.podIP':
      return addresses.podIPs[0] ?? ''
    case 'status.podIPs':
      return addresses.podIPs.join(',')
    case 'metadata.name':
      return pod.metadata?.name ?? ''
    case 'metadata.namespace':
      return pod.metadata?.namespace ?? ''
    case 'metadata.uid':
      return pod.metadata?.uid ?? ''
    case 'metadata.labels':
      return formatMap(pod.metadata?.labels)
    case 'metadata.annotations':
      return formatMap(pod.metadata?.annotations)
  }
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path)
  if (sub) return (sub[1] === 'labels' ? pod.metadata?.labels : pod.metadata?.annotations)?.[sub[2]] ?? ''
  throw new Error(`unsupported fieldPath: ${path}`)
}

/** `key="value"` lines, sorted by key (fieldpath.FormatMap). */
function formatMap(m: Record<string, string> | undefined): string {
  return Object.keys(m ?? {})
    .sort()
    .map((k) => `${k}=${JSON.stringify(m![k])}`)
    .join('\n')
}

/**
 * The value of a `resourceFieldRef`: the container's limit or request divided
 * by the divisor, rounded up. A limit the container does not set is the
 * node's allocatable (MergeContainerResourceLimits).
 */
export function resourceFieldRefValue(container: Container, ref: ResourceFieldSelector, allocatable: Record<string, string>): string {
  const divisor = parseQuantity(String(ref.divisor ?? '1'))
  const [kind, resource] = ref.resource.split(/\.(.*)/s, 2) as ['limits' | 'requests', string]
  const set = kind === 'limits' ? container.resources?.limits : container.resources?.requests
  let amount = set?.[resource] !== undefined ? parseQuantity(String(set[resource])) : undefined
  if (!amount && kind === 'limits' && allocatable[resource] !== undefined) amount = parseQuantity(allocatable[resource])
  if (resource === 'cpu') return String(ceilRatio(amount, divisor, (q) => q.milliValue()))
  if (resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-')) return String(ceilRatio(amount, divisor, (q) => q.value()))
  throw new Error(`unsupported container resource : ${resource}`)
}

function ceilRatio(amount: Quantity | undefined, divisor: Quantity, unit: (q: Quantity) => number): number {
  if (!amount) return 0
  const d = unit(divisor)
  return d === 0 ? 0 : Math.ceil(unit(amount) / d)
}
