import type { Pod, ResourceQuota } from 'kubernetes-types/core/v1'
import { forbidden } from '../../apimachinery/errors'
import { tryParseQuantity } from '../../apimachinery/quantity'
import type { KubeObject } from '../../apimachinery/types'
import type { Store } from '../../storage/types'
import { listPrefix } from '../keys'
import type { ResourceStore } from '../resource-store'
import type { CreateAdmission, ResourceDefinition } from '../types'
import { type Usage, addUsage, containerUsage, objectUsage, podComputeResources, prettyPrint, zero } from './quota-usage'

/**
 * The ResourceQuota admission plugin (plugin/pkg/admission/resourcequota),
 * on creates: an object that would take a namespace's usage past any quota's
 * hard limit is refused (`exceeded quota: compute, requested: pods=1, used:
 * pods=2, limited: pods=2`); a quota capping cpu or memory needs every
 * container to state them; a quota the controller has not counted yet
 * refuses until it has. An admitted object's usage is added to each quota's
 * status.used at once (compare-and-swap), so concurrent creates cannot both
 * take the last unit; the quota controller later recounts.
 */
export class ResourceQuotaAdmission implements CreateAdmission {
  constructor(
    private readonly def: ResourceDefinition,
    private readonly store: Store,
    private readonly quotaDef: ResourceDefinition,
    private readonly quotas: ResourceStore
  ) {}

  async admitCreate(obj: KubeObject): Promise<void> {
    const namespace = obj.metadata.namespace ?? ''
    const quotas = this.store.list(listPrefix(this.quotaDef, namespace)).items as ResourceQuota[]
    if (!quotas.length) return
    const usage = objectUsage(this.def.group, this.def.plural, obj)
    const affected: ResourceQuota[] = []
    for (const q of quotas) {
      const tracked = Object.keys(q.spec?.hard ?? {}).filter((k) => usage.has(k) || (this.isPods() && (podComputeResources as readonly string[]).includes(k)))
      if (!tracked.length) continue
      this.check(obj, q, tracked, usage)
      affected.push(q)
    }
    for (const q of affected) {
      await this.quotas.guaranteedUpdate(namespace, q.metadata!.name!, (current) => {
        const fresh = current as ResourceQuota
        this.check(obj, fresh, Object.keys(fresh.spec?.hard ?? {}).filter((k) => usage.has(k)), usage)
        const used = { ...(fresh.status?.used ?? {}) } as Record<string, string>
        for (const k of Object.keys(fresh.status?.hard ?? {})) {
          const add = usage.get(k)
          if (add) used[k] = (tryParseQuantity(String(used[k] ?? '0')) ?? zero()).add(add).toString()
        }
        fresh.status = { ...fresh.status, used }
        return fresh as KubeObject
      })
    }
  }

  private isPods(): boolean {
    return this.def.group === '' && this.def.plural === 'pods'
  }

  private deny(obj: KubeObject, message: string): Error {
    return forbidden({ group: this.def.group, resource: this.def.plural }, obj.metadata.name || obj.metadata.generateName || 'Unknown', message)
  }

  /** checkRequest for one quota: its status known, the pod's containers explicit, no cap passed. */
  private check(obj: KubeObject, q: ResourceQuota, tracked: string[], usage: Usage): void {
    const name = q.metadata?.name ?? ''
    const hard = (q.status?.hard ?? {}) as Record<string, string>
    const used = (q.status?.used ?? {}) as Record<string, string>
    const unknown = tracked.filter((k) => hard[k] === undefined || used[k] === undefined).sort()
    if (unknown.length) throw this.deny(obj, `status unknown for quota: ${name}, resources: ${unknown.join(',')}`)
    if (this.isPods()) {
      const missing = missingContainerResources(obj as Pod, tracked)
      if (missing) throw this.deny(obj, `failed quota: ${name}: must specify ${missing}`)
    }
    const exceeded = tracked.filter((k) => {
      const add = usage.get(k)
      const cap = tryParseQuantity(String(hard[k]))
      if (!add || !cap) return false
      return (tryParseQuantity(String(used[k])) ?? zero()).add(add).cmp(cap) > 0
    })
    if (!exceeded.length) return
    const requested: Usage = new Map()
    for (const k of exceeded) addUsage(requested, k, usage.get(k)!)
    const pick = (list: Record<string, string>) => Object.fromEntries(exceeded.map((k) => [k, tryParseQuantity(String(list[k]))?.toString() ?? String(list[k])]))
    throw this.deny(obj, `exceeded quota: ${name}, requested: ${prettyPrint(requested)}, used: ${prettyPrint(pick(used))}, limited: ${prettyPrint(pick(hard))}`)
  }
}

/** The pod evaluator's Constraints: `limits.cpu for: web,sidecar; requests.memory for: web`, or '' when every container states what quota caps. */
function missingContainerResources(pod: Pod, tracked: string[]): string {
  const required = tracked.filter((k) => (podComputeResources as readonly string[]).includes(k))
  if (!required.length) return ''
  const missing = new Map<string, Set<string>>()
  for (const c of [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])]) {
    const has = containerUsage(c)
    for (const r of required) if (!has.has(r)) missing.set(r, (missing.get(r) ?? new Set()).add(c.name))
  }
  return [...missing.keys()]
    .sort()
    .map((r) => `${r} for: ${[...missing.get(r)!].sort().join(',')}`)
    .join('; ')
}
