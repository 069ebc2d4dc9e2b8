import { parse as parseYaml } from 'yaml'
import { badRequest, isConflict, unsupportedMediaType } from '../../apimachinery/errors'
import { apiVersionOf, type KubeObject } from '../../apimachinery/types'
import { mediaType, readBody } from '../body'
import { writeJSON } from '../respond'
import { applyPatch, builtinPatchMeta, isPatchError, parsePatchBody, patchErrorToStatus, patchTypeOf, type PatchType } from '../patch'
import type { JsonObject } from '../patch/json-values'
import { dryRunOf, type RequestContext } from './context'
import { applyScale, toScale } from './scale'
import { serverSideApply } from './server-side-apply'

/** How often a patch is re-applied when the object changed underneath it, as GuaranteedUpdate retries. */
const conflictRetries = 5

/** PATCH of an object, its status or its scale: JSON patch, merge patch, strategic merge patch or server-side apply. */
export async function handlePatch(ctx: RequestContext): Promise<void> {
  const type = mediaType(ctx.req.headers['content-type'])
  const body = (await readBody(ctx.req)).toString('utf8')
  if (type === 'application/apply-patch+yaml') return serverSideApply(ctx, parseApplyBody(body))
  const patchType = patchTypeOf(type)
  if (!patchType) throw unsupportedMediaType(type)
  const strict = ctx.query.get('fieldValidation') === 'Strict' || ctx.query.get('fieldValidation') === 'Warn'
  const patch = guard(() => parsePatchBody(patchType, body, { strict }))
  if (ctx.info.subresource === 'scale') {
    const current = toScale(ctx.rs.get(ctx.info.namespace, ctx.info.name!), ctx.rs.def.scale!)
    const patched = guard(() => applyPatch(patchType, current as unknown as JsonObject, patch)) as KubeObject
    writeJSON(ctx.res, 200, await applyScale(ctx, (patched.spec as { replicas?: unknown } | undefined)?.replicas, undefined))
    return
  }
  for (let attempt = 1; ; attempt++) {
    try {
      writeJSON(ctx.res, 200, await patchOnce(ctx, patchType, patch))
      return
    } catch (e) {
      // A patch without a resourceVersion of its own is re-applied to the newer object.
      if (isConflict(e) && attempt < conflictRetries && !patchNamesResourceVersion(patch)) continue
      throw e
    }
  }
}

async function patchOnce(ctx: RequestContext, patchType: PatchType, patch: unknown): Promise<KubeObject> {
  const current = ctx.rs.get(ctx.info.namespace, ctx.info.name!, ctx.version)
  const meta = builtinPatchMeta(apiVersionOf(ctx.rs.def.group, ctx.version), ctx.rs.def.kind)
  if (patchType === 'strategic' && !meta) throw unsupportedMediaType('application/strategic-merge-patch+json')
  const patched = guard(() => applyPatch(patchType, current as unknown as JsonObject, patch, { meta }))
  if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) {
    throw badRequest('the patch did not produce an object')
  }
  const obj = patched as KubeObject
  obj.metadata ??= {}
  if (obj.metadata.name !== ctx.info.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.info.name})`)
  // Unless the patch sets one itself, the patched object's resourceVersion is the one it was computed from.
  if (!patchNamesResourceVersion(patch)) obj.metadata.resourceVersion = current.metadata.resourceVersion
  return ctx.rs.update(
    ctx.info.namespace,
    obj,
    {
      dryRun: dryRunOf(ctx.query),
      fieldManager: ctx.query.get('fieldManager') ?? undefined,
      subresource: ctx.info.subresource === 'status' ? 'status' : undefined
    },
    ctx.version
  )
}

/** Runs a patch step, turning patch errors into the apiserver's Status. */
function guard<T>(fn: () => T): T {
  try {
    return fn()
  } catch (e) {
    if (isPatchError(e)) throw patchErrorToStatus(e)
    throw e
  }
}

/** Whether a merge-style patch sets metadata.resourceVersion (a precondition the client asked for). */
function patchNamesResourceVersion(patch: unknown): boolean {
  if (Array.isArray(patch)) return patch.some((op) => typeof op?.path === 'string' && op.path === '/metadata/resourceVersion')
  const meta = (patch as { metadata?: { resourceVersion?: unknown } } | null)?.metadata
  return typeof meta?.resourceVersion === 'string' && meta.resourceVersion !== ''
}

/** An apply body is YAML (JSON is YAML too). */
function parseApplyBody(body: string): KubeObject {
  let obj: unknown
  try {
    obj = parseYaml(body)
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message}`)
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest('the apply patch must be an object')
  return obj as KubeObject
}

