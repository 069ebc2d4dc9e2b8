import type { Pod } from 'kubernetes-types/core/v1'
import { isNotFound, isStatusError } from '../../apimachinery/errors'
import type { GroupVersionResource, KubeObject } from '../../apimachinery/types'
import type { Client } from '../../client/types'
import type { ContentTotals } from './conditions'

/**
 * deleteAllContent (pkg/controller/namespace/deletion): deletes every object
 * of every namespaced kind in a namespace, then counts what is left and
 * estimates how long it will take to go.
 */

/** How long objects held by finalizers are given before the namespace is looked at again (finalizerEstimateSeconds). */
export const finalizerEstimateSeconds = 15

/** What a deletion pass found, and how long until the rest should be gone (seconds; 0 when nothing is left). */
export interface ContentDeletion extends ContentTotals {
  estimate: number
}

interface ResourceResult {
  estimate: number
  remaining: number
  finalizers: Map<string, number>
  error?: string
}

/** Deletes all content of namespace; failures of one kind do not stop the others. */
export async function deleteAllContent(client: Client, resources: readonly GroupVersionResource[], namespace: string, batchSize: number): Promise<ContentDeletion> {
  const out: ContentDeletion = { estimate: 0, remaining: new Map(), finalizers: new Map(), errors: [] }
  const finalizers = out.finalizers as Map<string, number>
  for (const gvr of resources) {
    const r = await deleteResource(client, gvr, namespace, batchSize)
    if (r.error) out.errors = [...out.errors, r.error]
    out.estimate = Math.max(out.estimate, r.estimate)
    if (r.remaining > 0) {
      ;(out.remaining as Map<string, number>).set(`${gvr.resource}.${gvr.group}`, r.remaining)
      for (const [f, n] of r.finalizers) finalizers.set(f, (finalizers.get(f) ?? 0) + n)
    }
  }
  return out
}

/** deleteAllContentForGroupVersionResource: list, delete each (background propagation), list again. */
async function deleteResource(client: Client, gvr: GroupVersionResource, namespace: string, batchSize: number): Promise<ResourceResult> {
  const collection = client.resource(gvr)
  const none: ResourceResult = { estimate: 0, remaining: 0, finalizers: new Map() }
  let estimate = 0
  try {
    const items = (await collection.list(namespace)).items
    if (gvr.group === '' && gvr.resource === 'pods') estimate = podsEstimate(items as Pod[])
    for (let i = 0; i < items.length; i += batchSize) {
      await Promise.all(
        items.slice(i, i + batchSize).map((item) =>
          collection.delete(namespace, item.metadata.name ?? '', { propagationPolicy: 'Background' }).catch((e: unknown) => {
            if (!isNotFound(e) && !(isStatusError(e) && e.reason === 'MethodNotAllowed')) throw e
          })
        )
      )
    }
    const left = (await collection.list(namespace)).items
    if (left.length === 0) return none
    const finalizers = finalizerCounts(left)
    if (estimate > 0) return { estimate, remaining: left.length, finalizers }
    // Objects held by finalizers are normal: give them time (e.g. for the garbage collector).
    if (finalizers.size > 0) return { estimate: finalizerEstimateSeconds, remaining: left.length, finalizers }
    return { estimate, remaining: left.length, finalizers, error: `unexpected items still remain in namespace: ${namespace} for gvr: {${gvr.group} ${gvr.version} ${gvr.resource}}` }
  } catch (e) {
    return { ...none, estimate, error: e instanceof Error ? e.message : String(e) }
  }
}

/** estimateGracefulTerminationForPods: the longest grace period of the pods still running. */
function podsEstimate(pods: readonly Pod[]): number {
  let estimate = 0
  for (const pod of pods) {
    const phase = pod.status?.phase
    if (phase === 'Succeeded' || phase === 'Failed') continue
    estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0)
  }
  return estimate
}

function finalizerCounts(items: readonly KubeObject[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) for (const f of item.metadata.finalizers ?? []) counts.set(f, (counts.get(f) ?? 0) + 1)
  return counts
}
