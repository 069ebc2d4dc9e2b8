import { badRequest } from '../../apimachinery/errors'
import { parseApiVersion, type GroupVersionKind, type KubeObject } from '../../apimachinery/types'
import { dropUnknownFields, strictDecodingErrors } from '../../registry/schema/unknown-fields'
import { enforceFieldValidation, fieldValidationDirective, fieldValidationError, warningHeaderValue, type WriteOptionsKind } from '../../registry/schema/field-validation'
import { decodeBody, mediaType, readBody, requireObject } from '../body'
import { writeJSON } from '../respond'
import { KUBERNETES_PROTOBUF } from '../protobuf/decode'
import { dryRunOf, type RequestContext } from './context'
import { managerOf } from '../../registry/managed-fields/manager-name'

/** A decoded request object and the Warning headers its unknown fields earned (fieldValidation=Warn). */
export interface ValidatedObject {
  obj: KubeObject
  warnings: string[]
}

/** The kind and version a request's body is decoded as (the endpoint's). */
export function endpointGVK(ctx: RequestContext): GroupVersionKind {
  if (ctx.info.subresource === 'scale') return { group: 'autoscaling', version: 'v1', kind: 'Scale' }
  if (ctx.info.subresource === 'eviction') return { group: 'policy', version: 'v1', kind: 'Eviction' }
  return { group: ctx.rs.def.group, version: ctx.version, kind: ctx.rs.def.kind }
}

/**
 * Reads and decodes a request body into an object, applying fieldValidation
 * as the apiserver does: Strict rejects unknown and duplicate fields with a
 * 400, Warn reports them in Warning headers, Ignore says nothing; in every
 * case unknown fields are dropped, never stored.
 */
export async function readObject(ctx: RequestContext, optionsKind: WriteOptionsKind = 'CreateOptions'): Promise<ValidatedObject> {
  const directive = fieldValidationDirective(ctx.query, optionsKind)
  const body = await readBody(ctx.req)
  if (body.length === 0) throw badRequest('Object cannot be decoded: the body is empty')
  const contentType = ctx.req.headers['content-type']
  const obj = requireObject(decodeBody(body, contentType)) as KubeObject
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {}
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object')
  const gvk = endpointGVK(ctx)
  let warnings: string[] = []
  // Protobuf bodies cannot carry unknown fields the way JSON can; the apiserver checks only JSON and YAML.
  if (directive !== 'Ignore' && mediaType(contentType) !== KUBERNETES_PROTOBUF) {
    const errors = strictDecodingErrors(gvk, mediaType(contentType) === 'application/json' ? body.toString('utf8') : obj)
    warnings = enforceFieldValidation(directive, errors, () => fieldValidationError(bodyGVK(obj, gvk), errors, gvk.kind))
  }
  dropUnknownFields(gvk, obj)
  return { obj, warnings }
}

/** The kind and version the body says it is, falling back to the endpoint's. */
function bodyGVK(obj: KubeObject, fallback: GroupVersionKind): GroupVersionKind {
  if (typeof obj.apiVersion !== 'string' || typeof obj.kind !== 'string') return fallback
  const { group, version } = parseApiVersion(obj.apiVersion)
  return { group, version, kind: obj.kind }
}

/** Adds the Warning headers of a write (to any the request already has: a deprecated kind's). */
export function setWarnings(ctx: RequestContext, warnings: string[]): void {
  if (!warnings.length) return
  const before = ctx.res.getHeader('Warning')
  ctx.res.setHeader('Warning', [...(before === undefined ? [] : Array.isArray(before) ? before : [String(before)]), ...warnings])
}

/** The kind's own warnings about a written object (ResourceDefinition.warnings; `old` on updates), as Warning header values; none for subresource writes. */
export function kindWarnings(ctx: RequestContext, obj: KubeObject, old?: KubeObject): string[] {
  if (ctx.info.subresource || !ctx.rs.def.warnings) return []
  return ctx.rs.def.warnings(obj, old).map(warningHeaderValue)
}

/** The stored object an update replaces, if any (for its warnings). */
function storedOrUndefined(ctx: RequestContext): KubeObject | undefined {
  try {
    return ctx.rs.get(ctx.info.namespace, ctx.info.name!, ctx.version)
  } catch {
    return undefined
  }
}

/** POST to a collection: 201 with the created object. */
export async function handleCreate(ctx: RequestContext): Promise<void> {
  const { obj, warnings } = await readObject(ctx, 'CreateOptions')
  const created = await ctx.rs.create(
    ctx.info.namespace,
    obj,
    {
      dryRun: dryRunOf(ctx.query),
      fieldManager: managerOf(ctx.query.get('fieldManager'), ctx.req.headers['user-agent'], 'CreateOptions'),
      requester: ctx.user
    },
    ctx.version
  )
  setWarnings(ctx, [...warnings, ...kindWarnings(ctx, created)])
  writeJSON(ctx.res, 201, created)
}

/** PUT of an object or of a subresource that updates part of it (status, ephemeralcontainers): 200 with the stored object. */
export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const { obj, warnings } = await readObject(ctx, 'UpdateOptions')
  const name = ctx.info.name!
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
  }
  obj.metadata.name = name
  const old = ctx.rs.def.warnings && !ctx.info.subresource ? storedOrUndefined(ctx) : undefined
  const updated = await ctx.rs.update(
    ctx.info.namespace,
    obj,
    {
      dryRun: dryRunOf(ctx.query),
      fieldManager: managerOf(ctx.query.get('fieldManager'), ctx.req.headers['user-agent'], 'UpdateOptions'),
      subresource: ctx.info.subresource
    },
    ctx.version
  )
  setWarnings(ctx, [...warnings, ...kindWarnings(ctx, updated, old)])
  writeJSON(ctx.res, 200, updated)
}
