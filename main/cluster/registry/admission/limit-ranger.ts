import type { Container, LimitRange, LimitRangeItem, Pod } from 'kubernetes-types/core/v1'
import { forbidden } from '../../apimachinery/errors'
import { type Quantity, tryParseQuantity } from '../../apimachinery/quantity'
import type { Store } from '../../storage/types'
import { listPrefix } from '../keys'
import type { CreateAdmission, ResourceDefinition } from '../types'

/**
 * The LimitRanger admission plugin (plugin/pkg/admission/limitranger) on pod
 * creates: each container gets the namespace LimitRanges' default requests
 * and limits for what it leaves out (noted in the `kubernetes.io/limit-ranger`
 * annotation), then must lie within every Container and Pod bound (min, max,
 * maxLimitRequestRatio); a pod outside them is refused with the plugin's
 * messages (`maximum cpu usage per Container is 1, but limit is 2`).
 */

type List = Record<string, string>
const annotation = 'kubernetes.io/limit-ranger'

function q(v: string | undefined): Quantity | undefined {
  return v === undefined ? undefined : tryParseQuantity(String(v))
}

/** Sets the item's defaults a container leaves out; returns what it set, for the annotation. */
function defaultContainer(c: Container, item: LimitRangeItem): { requests: string[]; limits: string[] } {
  const set = { requests: [] as string[], limits: [] as string[] }
  const res = (c.resources ??= {})
  for (const [k, v] of Object.entries((item.default ?? {}) as List)) {
    const limits = (res.limits ??= {}) as List
    if (limits[k] === undefined) {
      limits[k] = v
      set.limits.push(k)
    }
  }
  for (const [k, v] of Object.entries((item.defaultRequest ?? {}) as List)) {
    const requests = (res.requests ??= {}) as List
    if (requests[k] === undefined) {
      requests[k] = v
      set.requests.push(k)
    }
  }
  if (res.limits && !Object.keys(res.limits).length) delete res.limits
  if (res.requests && !Object.keys(res.requests).length) delete res.requests
  return set
}

/** minConstraint, maxConstraint and limitRequestRatioConstraint, for one resource of one container or pod. */
function constraints(kind: string, item: LimitRangeItem, requests: List, limits: List): string[] {
  const errs: string[] = []
  for (const [name, v] of Object.entries((item.min ?? {}) as List)) {
    const min = q(v)!
    const req = q(requests[name])
    const lim = q(limits[name])
    if (!req) errs.push(`minimum ${name} usage per ${kind} is ${min}.  No request is specified`)
    else if (req.cmp(min) < 0) errs.push(`minimum ${name} usage per ${kind} is ${min}, but request is ${req}`)
    else if (lim && lim.cmp(min) < 0) errs.push(`minimum ${name} usage per ${kind} is ${min}, but limit is ${lim}`)
  }
  for (const [name, v] of Object.entries((item.max ?? {}) as List)) {
    const max = q(v)!
    const req = q(requests[name])
    const lim = q(limits[name])
    if (!lim) errs.push(`maximum ${name} usage per ${kind} is ${max}.  No limit is specified`)
    else if (lim.cmp(max) > 0) errs.push(`maximum ${name} usage per ${kind} is ${max}, but limit is ${lim}`)
    else if (req && req.cmp(max) > 0) errs.push(`maximum ${name} usage per ${kind} is ${max}, but request is ${req}`)
  }
  for (const [name, v] of Object.entries((item.maxLimitRequestRatio ?? {}) as List)) {
    const ratio = q(v)!
    const req = q(requests[name])
    const lim = q(limits[name])
    if (!req || req.isZero()) errs.push(`${name} max limit to request ratio per ${kind} is ${ratio}, but no request is specified or request is 0`)
    else if (!lim || lim.isZero()) errs.push(`${name} max limit to request ratio per ${kind} is ${ratio}, but no limit is specified or limit is 0`)
    else {
      const observed = lim.asApproximateFloat64() / req.asApproximateFloat64()
      if (observed > ratio.asApproximateFloat64()) errs.push(`${name} max limit to request ratio per ${kind} is ${ratio}, but provided ratio is ${observed.toFixed(6)}`)
    }
  }
  return errs
}

/** A pod's requests or limits summed over its containers (the Pod limit type's view). */
function podTotals(pod: Pod, which: 'requests' | 'limits'): List {
  const total = new Map<string, Quantity>()
  for (const c of pod.spec?.containers ?? []) {
    for (const [k, v] of Object.entries((c.resources?.[which] ?? {}) as List)) {
      const x = q(v)
      if (x) total.set(k, total.get(k)?.add(x) ?? x)
    }
  }
  return Object.fromEntries([...total].map(([k, v]) => [k, v.toString()]))
}

export class LimitRangerAdmission implements CreateAdmission<Pod> {
  constructor(
    private readonly store: Store,
    private readonly limitRanges: ResourceDefinition
  ) {}

  admitCreate(pod: Pod): void {
    const ranges = this.store.list(listPrefix(this.limitRanges, pod.metadata?.namespace)).items as LimitRange[]
    const items = ranges.flatMap((r) => r.spec?.limits ?? [])
    if (!items.length) return
    const notes: string[] = []
    for (const item of items.filter((i) => i.type === 'Container')) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
        const set = defaultContainer(c, item)
        if (set.requests.length) notes.push(`${set.requests.join(', ')} request for ${containerWord(pod, c)} ${c.name}`)
        if (set.limits.length) notes.push(`${set.limits.join(', ')} limit for ${containerWord(pod, c)} ${c.name}`)
      }
    }
    if (notes.length) pod.metadata!.annotations = { ...pod.metadata!.annotations, [annotation]: `LimitRanger plugin set: ${notes.join('; ')}` }
    const errs: string[] = []
    for (const item of items) {
      if (item.type === 'Container') {
        for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])]) {
          errs.push(...constraints('Container', item, (c.resources?.requests ?? {}) as List, (c.resources?.limits ?? {}) as List))
        }
      } else if (item.type === 'Pod') {
        errs.push(...constraints('Pod', item, podTotals(pod, 'requests'), podTotals(pod, 'limits')))
      }
    }
    if (errs.length) {
      const unique = [...new Set(errs)]
      throw forbidden({ group: '', resource: 'pods' }, pod.metadata?.name || pod.metadata?.generateName || 'Unknown', unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`)
    }
  }
}

function containerWord(pod: Pod, c: Container): string {
  return (pod.spec?.initContainers ?? []).includes(c) ? 'init container' : 'container'
}
