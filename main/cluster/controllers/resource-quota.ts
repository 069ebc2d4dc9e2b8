import type { ResourceQuota } from 'kubernetes-types/core/v1'
import { isNotFound } from '../apimachinery/errors'
import { tryParseQuantity } from '../apimachinery/quantity'
import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import { deepEqual } from '../apimachinery/validation'
import { Controller } from '../client/controller'
import type { Informer } from '../client/informer'
import type { Component, ComponentFactory } from '../component'
import { type Usage, addUsage, countName, objectUsage, zero } from '../registry/admission/quota-usage'

/**
 * The resource quota controller (pkg/controller/resourcequota): keeps each
 * ResourceQuota's status.hard equal to spec.hard and recounts status.used
 * from the namespace's objects whenever a quota or a counted object changes,
 * correcting what admission added for creates that then failed and
 * releasing what deleted or finished objects held.
 */

const quotasGVR = { group: '', version: 'v1', resource: 'resourcequotas' }
const controllerName = 'resourcequota-controller'

/** The resources whose objects quota counts (count/<resource>[.<group>] works for these). */
const counted: GroupVersionResource[] = [
  { group: '', version: 'v1', resource: 'pods' },
  { group: '', version: 'v1', resource: 'services' },
  { group: '', version: 'v1', resource: 'configmaps' },
  { group: '', version: 'v1', resource: 'secrets' },
  { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  { group: '', version: 'v1', resource: 'replicationcontrollers' },
  quotasGVR,
  { group: 'apps', version: 'v1', resource: 'deployments' },
  { group: 'apps', version: 'v1', resource: 'replicasets' },
  { group: 'apps', version: 'v1', resource: 'statefulsets' },
  { group: 'apps', version: 'v1', resource: 'daemonsets' },
  { group: 'batch', version: 'v1', resource: 'jobs' },
  { group: 'batch', version: 'v1', resource: 'cronjobs' }
]

/** The namespace's total usage over every counted resource. */
function namespaceUsage(namespace: string, informers: Map<GroupVersionResource, Informer<KubeObject>>): Usage {
  const usage: Usage = new Map()
  for (const [gvr, informer] of informers) {
    // Every counted resource has a count, 0 when empty.
    usage.set(countName(gvr.group, gvr.resource), zero())
    for (const obj of informer.list()) {
      if (obj.metadata?.namespace !== namespace) continue
      for (const [k, q] of objectUsage(gvr.group, gvr.resource, obj)) addUsage(usage, k, q)
    }
  }
  return usage
}

/** status.hard and status.used as the quota controller writes them. */
export function quotaStatus(quota: ResourceQuota, usage: Usage): NonNullable<ResourceQuota['status']> {
  const hard = { ...(quota.spec?.hard ?? {}) } as Record<string, string>
  const used: Record<string, string> = {}
  for (const k of Object.keys(hard)) used[k] = (usage.get(k) ?? zero()).toString()
  for (const k of Object.keys(hard)) hard[k] = tryParseQuantity(String(hard[k]))?.toString() ?? String(hard[k])
  return { hard, used }
}

export const resourceQuotaComponent: ComponentFactory = (ctx): Component => {
  const quotas = ctx.informers.informerFor<ResourceQuota>(quotasGVR)
  const informers = new Map(counted.map((gvr) => [gvr, ctx.informers.informerFor<KubeObject>(gvr)]))
  const client = ctx.client.resource<ResourceQuota>(quotasGVR)
  const namespaceOf = (o: { metadata?: { namespace?: string } }) => o.metadata?.namespace ?? ''
  const hasQuota = (ns: string) => quotas.list().some((q) => namespaceOf(q) === ns)

  async function sync(namespace: string): Promise<void> {
    const mine = quotas.list().filter((q) => namespaceOf(q) === namespace)
    if (!mine.length) return
    const usage = namespaceUsage(namespace, informers)
    for (const q of mine) {
      const status = quotaStatus(q, usage)
      if (deepEqual(status, q.status ?? {})) continue
      try {
        await client.updateStatus({ ...structuredClone(q), status })
      } catch (e) {
        if (!isNotFound(e)) throw e
      }
    }
  }

  const controller = new Controller(
    {
      name: controllerName,
      watches: [
        { resource: quotasGVR, keys: (q) => [namespaceOf(q)] },
        ...counted.filter((g) => g !== quotasGVR).map((resource) => ({ resource, keys: (o: { metadata?: { namespace?: string } }) => (hasQuota(namespaceOf(o)) ? [namespaceOf(o)] : []) }))
      ],
      reconcile: (key) => sync(key)
    },
    { factory: ctx.informers, logger: ctx.logger }
  )
  return { name: controllerName, start: () => controller.start(), stop: () => controller.stop() }
}
