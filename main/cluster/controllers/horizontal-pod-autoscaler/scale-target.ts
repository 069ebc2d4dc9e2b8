import type { CrossVersionObjectReference } from 'kubernetes-types/autoscaling/v2'
import { isNotFound } from '../../apimachinery/errors'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import type { GroupVersionResource, KubeObject } from '../../apimachinery/types'
import type { Client } from '../../client/types'

/**
 * The scale subresource of an HPA's scaleTargetRef, as the controller's
 * scale client reads and writes it: spec.replicas, status.replicas and the
 * label selector of the pods, for the kinds with a scale subresource.
 * Writes are compare-and-swap on the target's resourceVersion.
 */

/** The autoscaling/v1 Scale fields the controller uses. */
export interface Scale {
  specReplicas: number
  statusReplicas: number
  /** The pods' selector in string form; '' when the target has none. */
  selector: string
  /** The target as read, for the write. */
  object: KubeObject
  gvr: GroupVersionResource
}

const scalable: Record<string, GroupVersionResource> = {
  '/ReplicationController': { group: '', version: 'v1', resource: 'replicationcontrollers' },
  'apps/ReplicaSet': { group: 'apps', version: 'v1', resource: 'replicasets' },
  'apps/Deployment': { group: 'apps', version: 'v1', resource: 'deployments' },
  'apps/StatefulSet': { group: 'apps', version: 'v1', resource: 'statefulsets' }
}

function groupOf(apiVersion: string | undefined): string {
  const v = apiVersion ?? ''
  return v.includes('/') ? v.slice(0, v.indexOf('/')) : ''
}

/** `deployments/scale.apps "web" not found`, as the scale client reports a missing target. */
function scaleNotFound(gvr: GroupVersionResource, name: string): Error {
  return new Error(`${gvr.resource}/scale${gvr.group ? `.${gvr.group}` : ''} ${JSON.stringify(name)} not found`)
}

function selectorString(obj: KubeObject): string {
  const selector = (obj.spec as { selector?: unknown } | undefined)?.selector
  if (!selector || typeof selector !== 'object') return ''
  const sel = 'matchLabels' in selector || 'matchExpressions' in selector ? selector : { matchLabels: selector as Record<string, string> }
  return labelSelectorFromObject(sel as never).toString()
}

/** Reads the target's scale; throws with the scale client's message when it cannot. */
export async function getScale(client: Client, namespace: string, ref: CrossVersionObjectReference): Promise<Scale> {
  const group = groupOf(ref.apiVersion)
  const gvr = scalable[`${group}/${ref.kind}`]
  if (!gvr) throw new Error(`no matches for kind ${JSON.stringify(ref.kind)} in group ${JSON.stringify(group)}`)
  let object: KubeObject
  try {
    object = await client.resource<KubeObject>(gvr).get(namespace, ref.name)
  } catch (e) {
    if (isNotFound(e)) throw scaleNotFound(gvr, ref.name)
    throw e
  }
  const spec = object.spec as { replicas?: number } | undefined
  const status = object.status as { replicas?: number } | undefined
  return { specReplicas: spec?.replicas ?? 0, statusReplicas: status?.replicas ?? 0, selector: selectorString(object), object, gvr }
}

/** Writes spec.replicas of the target read as `scale` (409 Conflict if it changed since). */
export async function updateScale(client: Client, scale: Scale, replicas: number): Promise<void> {
  const updated = structuredClone(scale.object)
  updated.spec = { ...(updated.spec as object), replicas }
  await client.resource<KubeObject>(scale.gvr).update(updated)
}
