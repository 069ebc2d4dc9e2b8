import type { Container, Pod } from 'kubernetes-types/core/v1'
import { tryParseQuantity } from '../../apimachinery/quantity'

/**
 * Resource amounts as the scheduler counts them (framework.Resource): cpu in
 * millicores, memory and ephemeral-storage in bytes, pods as a count, and
 * scalar resources (extended resources, hugepages) as integers.
 */
export interface Resource {
  /** cpu in millicores. */
  milliCPU: number
  /** memory in bytes. */
  memory: number
  /** ephemeral-storage in bytes. */
  ephemeralStorage: number
  /** How many pods (a node's allocatable `pods`). */
  allowedPodNumber: number
  /** Extended resources, hugepages and other scalar resources; undefined when none. */
  scalar?: Map<string, number>
}

/** schedutil.DefaultMilliCPURequest: what a container without a cpu request counts as, for scoring. */
export const defaultMilliCPURequest = 100
/** schedutil.DefaultMemoryRequest: 200 MB, what a container without a memory request counts as, for scoring. */
export const defaultMemoryRequest = 200 * 1024 * 1024

/** An empty resource. */
export function emptyResource(): Resource {
  return { milliCPU: 0, memory: 0, ephemeralStorage: 0, allowedPodNumber: 0 }
}

/** schedutil.IsScalarResourceName: extended (domain-prefixed), hugepages and attachable-volumes resources. */
export function isScalarResourceName(name: string): boolean {
  return name.includes('/') || name.startsWith('hugepages-') || name.startsWith('attachable-volumes-')
}

type ResourceList = Record<string, string | number> | undefined

/** Parsed quantities by text: pods of one workload repeat the same few strings, and parsing is exact (bigint) arithmetic. */
const parsed = new Map<string, number>()
const parsedLimit = 10_000

/** The integer value of a quantity (Value(), rounded up; MilliValue() for cpu), or 0 when it does not parse. */
function quantityValue(v: string | number, milli: boolean): number {
  const text = milli ? `m${v}` : `${v}`
  let n = parsed.get(text)
  if (n === undefined) {
    const q = tryParseQuantity(String(v))
    n = !q ? 0 : milli ? q.milliValue() : q.value()
    if (parsed.size >= parsedLimit) parsed.clear()
    parsed.set(text, n)
  }
  return n
}

/** NewResource(rl): a node's allocatable or capacity as a Resource. */
export function resourceFromList(list: ResourceList): Resource {
  const r = emptyResource()
  for (const [name, v] of Object.entries(list ?? {})) {
    switch (name) {
      case 'cpu':
        r.milliCPU += quantityValue(v, true)
        break
      case 'memory':
        r.memory += quantityValue(v, false)
        break
      case 'pods':
        r.allowedPodNumber += quantityValue(v, false)
        break
      case 'ephemeral-storage':
        r.ephemeralStorage += quantityValue(v, false)
        break
      default:
        if (isScalarResourceName(name)) (r.scalar ??= new Map()).set(name, (r.scalar.get(name) ?? 0) + quantityValue(v, false))
    }
  }
  return r
}

/** A container's requests as resource name → integer (cpu in millicores). */
function containerRequests(c: Container, nonMissing: boolean): Map<string, number> {
  const out = new Map<string, number>()
  const requests = (c.resources?.requests ?? {}) as Record<string, string | number>
  for (const [name, v] of Object.entries(requests)) out.set(name, quantityValue(v, name === 'cpu'))
  if (nonMissing) {
    // NonMissingContainerRequests: a request left out counts as the default, one set to zero stays zero.
    if (!Object.hasOwn(requests, 'cpu')) out.set('cpu', defaultMilliCPURequest)
    if (!Object.hasOwn(requests, 'memory')) out.set('memory', defaultMemoryRequest)
  }
  return out
}

/** addInto(into, containerRequests(c, nonMissing)) without the container's Map. */
function addContainerRequests(into: Map<string, number>, c: Container, nonMissing: boolean): void {
  const requests = (c.resources?.requests ?? {}) as Record<string, string | number>
  for (const [name, v] of Object.entries(requests)) into.set(name, (into.get(name) ?? 0) + quantityValue(v, name === 'cpu'))
  if (nonMissing) {
    if (!Object.hasOwn(requests, 'cpu')) into.set('cpu', (into.get('cpu') ?? 0) + defaultMilliCPURequest)
    if (!Object.hasOwn(requests, 'memory')) into.set('memory', (into.get('memory') ?? 0) + defaultMemoryRequest)
  }
}

function addInto(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) into.set(k, (into.get(k) ?? 0) + v)
}

function maxInto(into: Map<string, number>, from: Map<string, number>): void {
  for (const [k, v] of from) if (v > (into.get(k) ?? 0)) into.set(k, v)
}

/**
 * resourcehelper.PodRequests: the sum of the app containers' requests, raised
 * to what any init container needs while it runs (restartable init
 * containers, i.e. sidecars, keep running and add up), plus the pod overhead.
 * With nonMissing, containers without a cpu or memory request count the
 * scheduler's defaults (the "non-zero" requests used for scoring).
 */
export function podRequests(pod: Pod, nonMissing = false): Map<string, number> {
  const spec = pod.spec
  const reqs = new Map<string, number>()
  // Most pods: app containers only, each summed straight in (the same sums in the same order, without a Map per container).
  if (!spec?.initContainers?.length && !spec?.overhead) {
    const containers = spec?.containers ?? []
    for (let i = 0; i < containers.length; i++) addContainerRequests(reqs, containers[i], nonMissing)
    return reqs
  }
  for (const c of spec?.containers ?? []) addInto(reqs, containerRequests(c, nonMissing))
  const restartable = new Map<string, number>()
  const initMax = new Map<string, number>()
  for (const c of spec?.initContainers ?? []) {
    let need = containerRequests(c, nonMissing)
    if (c.restartPolicy === 'Always') {
      addInto(reqs, need)
      addInto(restartable, need)
      need = new Map(restartable)
    } else {
      const tmp = new Map(need)
      addInto(tmp, restartable)
      need = tmp
    }
    maxInto(initMax, need)
  }
  maxInto(reqs, initMax)
  if (spec?.overhead) {
    const overhead = new Map<string, number>()
    for (const [name, v] of Object.entries(spec.overhead as Record<string, string>)) overhead.set(name, quantityValue(v, name === 'cpu'))
    addInto(reqs, overhead)
  }
  return reqs
}

/** A pod's requests as a Resource (framework.computePodResourceRequest). */
export function podResource(pod: Pod): Resource {
  const r = emptyResource()
  for (const [name, v] of podRequests(pod)) {
    switch (name) {
      case 'cpu':
        r.milliCPU = v
        break
      case 'memory':
        r.memory = v
        break
      case 'ephemeral-storage':
        r.ephemeralStorage = v
        break
      case 'pods':
        break
      default:
        if (isScalarResourceName(name) && v !== 0) (r.scalar ??= new Map()).set(name, v)
    }
  }
  return r
}
