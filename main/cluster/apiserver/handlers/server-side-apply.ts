import { invalid, isNotFound } from '../../apimachinery/errors'
import { field } from '../../apimachinery/field-errors'
import { apiVersionOf, type KubeObject } from '../../apimachinery/types'
import { writeJSON } from '../respond'
import { applyStrategicMergePatch, builtinPatchMeta } from '../patch'
import type { JsonObject } from '../patch/json-values'
import { dryRunOf, type RequestContext } from './context'
import { badRequest } from '../../apimachinery/errors'
import { dropUnknownFields, findUnknownFields } from '../../registry/schema/unknown-fields'
import { fieldValidationDirective } from '../../registry/schema/field-validation'
import { checkJSONTypes } from '../../registry/schema/type-check'
import { endpointGVK } from './write'

/**
 * Server-side apply (`application/apply-patch+yaml`), in a first form: the
 * object is created when missing (201) and otherwise merged with the applied
 * configuration by the kind's strategic-merge rules (200). Field ownership
 * (managedFields, conflicts between managers, pruning of fields a manager
 * stopped applying) is not tracked yet: see the README's differences.
 */
export async function serverSideApply(ctx: RequestContext, applied: KubeObject): Promise<void> {
  const manager = ctx.query.get('fieldManager')
  if (!manager) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [field.required('fieldManager', 'is required for apply patch')])
  }
  applied.metadata ??= {}
  // Wrong JSON types (metadata: "x") are the client's error before any merging.
  const typeError = checkJSONTypes(endpointGVK(ctx), applied as unknown as Record<string, unknown>)
  if (typeError) throw typeError
  // Apply checks fields against the schema itself (structured-merge-diff), with its own message.
  const gvk = endpointGVK(ctx)
  if (fieldValidationDirective(ctx.query, 'PatchOptions') === 'Strict') {
    const unknown = findUnknownFields(gvk, applied)
    if (unknown.length) {
      throw badRequest(`failed to create typed patch object (${gvk.group}/${gvk.version}, Kind=${gvk.kind}): .${unknown[0]}: field not declared in schema`)
    }
  }
  dropUnknownFields(gvk, applied)
  const name = ctx.info.name!
  const options = { dryRun: dryRunOf(ctx.query), fieldManager: manager }
  let current: KubeObject | undefined
  try {
    current = ctx.rs.get(ctx.info.namespace, name, ctx.version)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
  if (!current) {
    applied.metadata.name ??= name
    const created = await ctx.rs.create(ctx.info.namespace, applied, options, ctx.version)
    writeJSON(ctx.res, 201, created)
    return
  }
  const meta = builtinPatchMeta(apiVersionOf(ctx.rs.def.group, ctx.version), ctx.rs.def.kind)
  const { resourceVersion: _ignored, ...appliedMeta } = applied.metadata
  const merged = applyStrategicMergePatch(current as unknown as JsonObject, { ...applied, metadata: appliedMeta }, meta) as unknown as KubeObject
  merged.metadata.resourceVersion = current.metadata.resourceVersion
  const updated = await ctx.rs.update(
    ctx.info.namespace,
    merged,
    { ...options, subresource: ctx.info.subresource === 'status' ? 'status' : undefined },
    ctx.version
  )
  writeJSON(ctx.res, 200, updated)
}
