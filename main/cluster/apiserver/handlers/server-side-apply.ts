import { badRequest, invalid, isConflict, isNotFound, type StatusError } from '../../apimachinery/errors'
import { field } from '../../apimachinery/field-errors'
import type { KubeObject } from '../../apimachinery/types'
import { writeJSON } from '../respond'
import { dryRunOf, type RequestContext } from './context'
import { dropUnknownFields, findUnknownFields } from '../../registry/schema/unknown-fields'
import { fieldValidationDirective } from '../../registry/schema/field-validation'
import { checkJSONTypes } from '../../registry/schema/type-check'
import { managerOf, withoutManagedFields, writeOf } from '../../registry/managed-fields'
import { decodeManagers, encodeManagers, identityOf, sameButTimes } from '../../registry/managed-fields/entries'
import { isApplyConflict } from '../../registry/managed-fields/conflicts'
import { beforeFirstApply, recordApply } from '../../registry/managed-fields/updater'
import { duplicateKeyError } from '../../registry/managed-fields/walk'
import { shapeOfKind } from '../../registry/managed-fields/shape'
import { conflictsAllowedByLastApplied, syncLastApplied, upgradingManager } from '../../registry/managed-fields/last-applied'
import { endpointGVK, kindWarnings, setWarnings } from './write'

/** How often an apply is recomputed when the object changed underneath it, as GuaranteedUpdate retries. */
const conflictRetries = 5

/**
 * Server-side apply (`application/apply-patch+yaml`): the applied
 * configuration becomes the manager's set of fields and is merged into the
 * live object by the schema's topology; fields the manager applied before
 * and no longer applies go when nobody else owns them; changing a field
 * another manager owns is a 409 conflict unless `force=true`. Creates the
 * object (201) when it does not exist.
 */
export async function serverSideApply(ctx: RequestContext, applied: KubeObject): Promise<void> {
  const manager = ctx.query.get('fieldManager')
  if (!manager) {
    throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [field.required('fieldManager', 'is required for apply patch')])
  }
  managerOf(manager, undefined, 'PatchOptions')
  applied.metadata ??= {}
  // Wrong JSON types (metadata: "x") are the client's error before any merging.
  const gvk = endpointGVK(ctx)
  const typeError = checkJSONTypes(gvk, applied as unknown as Record<string, unknown>)
  if (typeError) throw typeError
  if (applied.metadata.managedFields !== undefined && applied.metadata.managedFields !== null) throw badRequest('metadata.managedFields must be nil')
  // Apply checks fields against the schema itself (structured-merge-diff), with its own message.
  if (fieldValidationDirective(ctx.query, 'PatchOptions') === 'Strict') {
    const unknown = findUnknownFields(gvk, applied)
    if (unknown.length) {
      throw badRequest(`failed to create typed patch object (${gvk.group}/${gvk.version}, Kind=${gvk.kind}): .${unknown[0]}: field not declared in schema`)
    }
  }
  dropUnknownFields(gvk, applied)
  const duplicate = duplicateKeyError(applied, shapeOfKind(gvk))
  if (duplicate) throw badRequest(`failed to create typed patch object (${gvk.group}/${gvk.version}, Kind=${gvk.kind}): ${duplicate}`)
  delete applied.metadata.resourceVersion
  delete applied.metadata.managedFields
  if (applied.metadata.name && applied.metadata.name !== ctx.info.name) {
    throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${ctx.info.name})`)
  }
  applied.metadata.name = ctx.info.name!
  for (let attempt = 1; ; attempt++) {
    try {
      const { code, object, old } = await applyOnce(ctx, manager, applied)
      setWarnings(ctx, kindWarnings(ctx, object, old))
      writeJSON(ctx.res, code, object)
      return
    } catch (e) {
      if (isConflict(e) && !isApplyConflict(e) && attempt < conflictRetries) continue
      throw e
    }
  }
}

async function applyOnce(ctx: RequestContext, manager: string, applied: KubeObject): Promise<{ code: number; object: KubeObject; old?: KubeObject }> {
  const { rs, version } = ctx
  const subresource = ctx.info.subresource === 'status' || rs.def.updateSubresources?.[ctx.info.subresource ?? ''] ? ctx.info.subresource : undefined
  const force = ctx.query.get('force') === 'true'
  let current: KubeObject | undefined
  try {
    current = rs.get(ctx.info.namespace, ctx.info.name!, version)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
  const live = current ? withoutManagedFields(current) : {}
  const w = writeOf(rs.def, version, 'Apply', manager, subresource, ctx.clock.rfc3339(), current ? [current, applied] : [applied])
  let managers = current ? decodeManagers(current.metadata.managedFields) : new Map()
  if (!managers?.size) {
    managers = new Map()
    if (current) {
      const seed = beforeFirstApply(live, w)
      managers.set(identityOf(seed), seed)
    }
  }
  const config = applied as unknown as Record<string, unknown>
  let result: ReturnType<typeof recordApply>
  try {
    result = recordApply(managers, live, config, w, force)
  } catch (e) {
    // kubectl moving from client-side to server-side apply takes over what its last client-side apply configured.
    if (manager !== upgradingManager || !isApplyConflict(e) || !conflictsAllowedByLastApplied(live, e as StatusError, w.shape)) throw e
    result = recordApply(managers, live, config, w, true)
  }
  if (manager === upgradingManager) syncLastApplied(result.object, config)
  const object = result.object as unknown as KubeObject
  object.metadata ??= {}
  const entries = encodeManagers(result.managers)
  // Re-applying what is already there changes nothing, not even the entries' times.
  object.metadata.managedFields = current && sameButTimes(entries, current.metadata.managedFields) ? current.metadata.managedFields : entries
  const options = { dryRun: dryRunOf(ctx.query), fieldManager: manager, managedFieldsComputed: true, requester: ctx.user }
  if (!current) return { code: 201, object: await rs.create(ctx.info.namespace, object, options, version) }
  object.metadata.resourceVersion = current.metadata.resourceVersion
  return { code: 200, object: await rs.update(ctx.info.namespace, object, { ...options, subresource }, version), old: current }
}
