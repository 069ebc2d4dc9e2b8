import type { Cluster } from '../cluster/cluster'
import { badRequest, isConflict, unsupportedMediaType } from '../cluster/apimachinery/errors'
import type { KubeObject } from '../cluster/apimachinery/types'
import { applyPatch, builtinPatchMeta, isPatchError, patchErrorToStatus, type PatchType } from '../cluster/apiserver/patch'
import type { JsonObject } from '../cluster/apiserver/patch/json-values'
import type { Gvr } from '../../preload/contract'

/** How often a patch is re-applied when a controller wrote the object between our read and write (as the apiserver retries). */
const conflictRetries = 5

/** The content types kubectl sends for each patch type (for the apiserver's own error wording). */
const contentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json'
}

export interface PatchRequest {
  gvr: Gvr
  namespace?: string
  name: string
  type: PatchType
  patch: unknown
}

/**
 * `kubectl patch` for the UI (labels, annotations, cordon, power): the
 * stored object patched by the apiserver's own engines (JSON patch, merge
 * patch, strategic merge patch with the kind's merge keys) and written back
 * compare-and-swap. A patch that names no resourceVersion is re-applied to
 * the newer object when someone else wrote first; one that does is a
 * precondition, and a stale one is the API's 409 Conflict.
 */
export async function patchObject(cluster: Cluster, { gvr, namespace, name, type, patch }: PatchRequest): Promise<KubeObject> {
  const client = cluster.client.resource(gvr)
  for (let attempt = 1; ; attempt++) {
    const current = await client.get(namespace || undefined, name)
    const meta = builtinPatchMeta(current.apiVersion ?? gvr.version, current.kind ?? '')
    if (type === 'strategic' && !meta) throw unsupportedMediaType(contentTypes.strategic)
    let patched: unknown
    try {
      patched = applyPatch(type, current as unknown as JsonObject, patch, { meta })
    } catch (e) {
      throw isPatchError(e) ? patchErrorToStatus(e) : e
    }
    if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) throw badRequest('the patch did not produce an object')
    const obj = patched as KubeObject
    obj.metadata ??= {}
    if (obj.metadata.name !== name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
    const pinned = namesResourceVersion(patch)
    if (!pinned) obj.metadata.resourceVersion = current.metadata.resourceVersion
    try {
      return await client.update(obj)
    } catch (e) {
      if (isConflict(e) && !pinned && attempt < conflictRetries) continue
      throw e
    }
  }
}

/** Whether the patch sets metadata.resourceVersion (then it is the writer's precondition). */
function namesResourceVersion(patch: unknown): boolean {
  if (Array.isArray(patch)) return patch.some((op) => typeof op === 'object' && op !== null && (op as { path?: unknown }).path === '/metadata/resourceVersion')
  const meta = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata
  return typeof meta === 'object' && meta !== null && meta.resourceVersion !== undefined && meta.resourceVersion !== null
}
