import { parse as parseYaml } from 'yaml'
import { badRequest, invalid, isConflict, unsupportedMediaType } from '../../apimachinery/errors'
import { field } from '../../apimachinery/field-errors'
import { apiVersionOf, type KubeObject } from '../../apimachinery/types'
import { maxBodyDepth, maxYAMLDepth, mediaType, nestsDeeperThan, readBody, yamlDepthBound } from '../body'
import { writeJSON } from '../respond'
import { applyPatch, builtinPatchMeta, isPatchError, parsePatchBody, patchErrorToStatus, patchTypeOf, type PatchType } from '../patch'
import type { JsonObject } from '../patch/json-values'
import { dryRunOf, type RequestContext } from './context'
import { managerOf } from '../../registry/managed-fields/manager-name'
import { applyScale, toScale } from './scale'
import { serverSideApply } from './server-side-apply'
import { dropUnknownFields, strictDecodingErrors } from '../../registry/schema/unknown-fields'
import { enforceFieldValidation, fieldValidationDirective, patchFieldValidationError, type FieldValidation } from '../../registry/schema/field-validation'
import { goValue } from '../patch/go-format'
import { endpointGVK, kindWarnings, setWarnings } from './write'

/** How often a patch is re-applied when the object changed underneath it, as GuaranteedUpdate retries. */
const conflictRetries = 5

/** PATCH of an object, its status, ephemeral containers or scale: JSON patch, merge patch, strategic merge patch or server-side apply. */
export async function handlePatch(ctx: RequestContext): Promise<void> {
  const type = mediaType(ctx.req.headers['content-type'])
  const body = (await readBody(ctx.req)).toString('utf8')
  if (type === 'application/apply-patch+yaml') return serverSideApply(ctx, parseApplyBody(body))
  if (ctx.query.has('force')) throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [field.forbidden('force', 'may not be specified for non-apply patch')])
  const patchType = patchTypeOf(type)
  if (!patchType) throw unsupportedMediaType(type)
  const directive = fieldValidationDirective(ctx.query, 'PatchOptions')
  const strict = directive !== 'Ignore'
  const patch = guard(() => parsePatchBody(patchType, body, { strict }))
  if (ctx.info.subresource === 'scale') {
    const current = toScale(ctx.rs.get(ctx.info.namespace, ctx.info.name!), ctx.rs.def.scale!)
    const patched = guard(() => applyPatch(patchType, current as unknown as JsonObject, patch)) as KubeObject
    const warnings = checkFields(ctx, directive, patchType, patch, patched)
    const scale = await applyScale(ctx, (patched.spec as { replicas?: unknown } | undefined)?.replicas, undefined)
    setWarnings(ctx, warnings)
    writeJSON(ctx.res, 200, scale)
    return
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { result, warnings } = await patchOnce(ctx, patchType, patch, directive)
      setWarnings(ctx, warnings)
      writeJSON(ctx.res, 200, result)
      return
    } catch (e) {
      // A patch without a resourceVersion of its own is re-applied to the newer object.
      if (isConflict(e) && attempt < conflictRetries && !patchNamesResourceVersion(patch)) continue
      throw e
    }
  }
}

async function patchOnce(ctx: RequestContext, patchType: PatchType, patch: unknown, directive: FieldValidation): Promise<{ result: KubeObject; warnings: string[] }> {
  const current = ctx.rs.get(ctx.info.namespace, ctx.info.name!, ctx.version)
  const meta = builtinPatchMeta(apiVersionOf(ctx.rs.def.group, ctx.version), ctx.rs.def.kind)
  if (patchType === 'strategic' && !meta) throw unsupportedMediaType('application/strategic-merge-patch+json')
  const patched = guard(() => applyPatch(patchType, current as unknown as JsonObject, patch, { meta }))
  if (patched === null || typeof patched !== 'object' || Array.isArray(patched)) {
    throw badRequest('the patch did not produce an object')
  }
  const obj = patched as KubeObject
  const warnings = checkFields(ctx, directive, patchType, patch, obj)
  obj.metadata ??= {}
  if (obj.metadata.name !== ctx.info.name) throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${ctx.info.name})`)
  // Unless the patch sets one itself, the patched object's resourceVersion is the one it was computed from.
  if (!patchNamesResourceVersion(patch)) obj.metadata.resourceVersion = current.metadata.resourceVersion
  const result = await ctx.rs.update(
    ctx.info.namespace,
    obj,
    {
      dryRun: dryRunOf(ctx.query),
      fieldManager: managerOf(ctx.query.get('fieldManager'), ctx.req.headers['user-agent'], 'PatchOptions'),
      subresource: ctx.info.subresource
    },
    ctx.version
  )
  return { result, warnings: [...warnings, ...kindWarnings(ctx, result, current)] }
}

/**
 * fieldValidation on a patched object, as the apiserver checks it: Strict is
 * a 422 naming the patch, Warn gives Warning headers; unknown fields are then
 * dropped in every case.
 */
function checkFields(ctx: RequestContext, directive: FieldValidation, patchType: PatchType, patch: unknown, patched: KubeObject): string[] {
  const gvk = endpointGVK(ctx)
  let warnings: string[] = []
  if (directive !== 'Ignore') {
    const errors = strictDecodingErrors(gvk, patched)
    const shown = patchType === 'strategic' ? goValue(patch) : JSON.stringify(patched)
    warnings = enforceFieldValidation(directive, errors, () => patchFieldValidationError(errors, shown))
  }
  dropUnknownFields(gvk, patched)
  return warnings
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
  if (yamlDepthBound(body) > maxYAMLDepth) throw badRequest(`error decoding YAML: exceeded max depth of ${maxYAMLDepth}`)
  let obj: unknown
  try {
    // Through JSON: aliases can make the document circular, or deeper than its text. A tag that
    // does not fit its node is a warning in `yaml`, not something to print on the server's console.
    obj = JSON.parse(JSON.stringify(parseYaml(body, { logLevel: 'error' })) ?? 'null')
  } catch (e) {
    throw badRequest(`error decoding YAML: ${(e as Error).message.split('\n')[0]}`)
  }
  if (nestsDeeperThan(obj, maxBodyDepth)) throw badRequest(`error decoding YAML: exceeded max depth of ${maxBodyDepth}`)
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw badRequest('the apply patch must be an object')
  return obj as KubeObject
}

