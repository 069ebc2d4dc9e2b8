import type { GroupVersionKind } from '../../apimachinery/types'
import { schemaRef } from './components'

/**
 * The pieces every operation of a document is built from: media types,
 * response maps, request bodies and the operation object with its tag,
 * `x-kubernetes-action` and `x-kubernetes-group-version-kind`.
 */

export type Operation = Record<string, unknown>
export type PathItem = Record<string, unknown>

export const objectTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf']
export const streamTypes = [...objectTypes, 'application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch']
export const patchTypes = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json']

export const ok: [string, string] = ['200', 'OK']
export const created: [string, string] = ['201', 'Created']
export const accepted: [string, string] = ['202', 'Accepted']

function content(types: string[], schema: unknown): Record<string, { schema: unknown }> {
  return Object.fromEntries(types.map((t) => [t, { schema }]))
}

/** The responses of an operation: each code with the schema in every type, then 401. */
export function responses(codes: Array<[string, string]>, types: string[], schema: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [code, description] of codes) out[code] = { description, content: content(types, schema) }
  out['401'] = { description: 'Unauthorized' }
  return out
}

/** A request body of the named schema. */
export function body(schemaName: string, types = ['*/*'], required = true): Record<string, unknown> {
  return { content: content(types, schemaRef(schemaName)), ...(required ? { required: true } : {}) }
}

/** Where operations are: their group-version and its tag. */
export interface OperationContext {
  group: string
  version: string
  /** `CoreV1`, `AppsV1`. */
  id: string
  tag: string
}

export function operation(ctx: OperationContext, opId: string, action: string, description: string, gvk: GroupVersionKind, more: Operation): Operation {
  return {
    description,
    operationId: opId,
    ...more,
    tags: [ctx.tag],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: gvk.group, kind: gvk.kind, version: gvk.version }
  }
}
