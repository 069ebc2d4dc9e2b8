import { defs } from '../../registry/schema/model'
import { typeDef } from '../../registry/schema/schemas'

/**
 * The query and path parameters of the API's operations, as OpenAPI
 * parameter objects. The descriptions are ours (the DeleteOptions ones come
 * from the schema model).
 */

/** An OpenAPI parameter object. */
export interface Parameter {
  name: string
  in: 'query' | 'path'
  description: string
  required?: boolean
  schema: { type: 'string' | 'integer' | 'boolean'; uniqueItems: true }
}

/** A query parameter. */
export function query(name: string, type: Parameter['schema']['type'], description: string): Parameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } }
}

function deleteOption(name: string, type: Parameter['schema']['type']): Parameter {
  const prop = typeDef(defs.deleteOptions)?.properties?.[name]
  return query(name, type, prop?.description ?? name)
}

/** `{name}` of a path, for a kind. */
export function nameParameter(kind: string): Parameter {
  return { name: 'name', in: 'path', description: `name of the ${kind}`, required: true, schema: { type: 'string', uniqueItems: true } }
}

/** `{namespace}` of a path. */
export const namespaceParameter: Parameter = {
  name: 'namespace',
  in: 'path',
  description: 'object name and auth scope, such as for teams and projects',
  required: true,
  schema: { type: 'string', uniqueItems: true }
}

export const pretty = query('pretty', 'string', "If 'true', the output is pretty printed.")

/** The parameters of list and watch operations. */
export const listParameters: Parameter[] = [
  query('allowWatchBookmarks', 'boolean', 'With watch: the server may send BOOKMARK events carrying only a resourceVersion. Clients must not assume they arrive at any particular time.'),
  query('continue', 'string', 'The continue token of the previous page of a paginated list; the server answers the next page.'),
  query('fieldSelector', 'string', 'Only objects whose fields match, e.g. metadata.name=web or spec.nodeName!=node-1. Defaults to everything.'),
  query('labelSelector', 'string', 'Only objects whose labels match, e.g. app=web,tier in (front,back). Defaults to everything.'),
  query('limit', 'integer', 'The most items to return; a continue token in the list metadata fetches the rest.'),
  query('resourceVersion', 'string', 'For list: the resource version the answer must be at least as new as (0 = any). For watch: stream changes after this version.'),
  query('resourceVersionMatch', 'string', 'How resourceVersion applies to a list: NotOlderThan or Exact.'),
  query('sendInitialEvents', 'boolean', 'With watch: begin with synthetic ADDED events for the current objects, then a BOOKMARK annotated k8s.io/initial-events-end.'),
  query('timeoutSeconds', 'integer', 'Time limit of the list or watch call, in seconds.'),
  query('watch', 'boolean', 'Stream add, update and delete events of the listed objects instead of answering a list.')
]

/** The parameters of a delete-collection operation: the list selection and the delete options. */
export function deleteCollectionParameters(): Parameter[] {
  const byName = (n: string): Parameter => listParameters.find((p) => p.name === n)!
  return [
    byName('continue'),
    dryRun,
    byName('fieldSelector'),
    deleteOption('gracePeriodSeconds', 'integer'),
    deleteOption('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
    byName('labelSelector'),
    byName('limit'),
    deleteOption('orphanDependents', 'boolean'),
    deleteOption('propagationPolicy', 'string'),
    byName('resourceVersion'),
    byName('resourceVersionMatch'),
    byName('sendInitialEvents'),
    byName('timeoutSeconds')
  ]
}

/** The parameters of a delete operation. */
export function deleteParameters(): Parameter[] {
  return [
    dryRun,
    deleteOption('gracePeriodSeconds', 'integer'),
    deleteOption('ignoreStoreReadErrorWithClusterBreakingPotential', 'boolean'),
    deleteOption('orphanDependents', 'boolean'),
    deleteOption('propagationPolicy', 'string')
  ]
}

export const dryRun = query('dryRun', 'string', 'When present, nothing is persisted. The only valid value is All: every stage of the request runs except storing.')

export const fieldManager = query(
  'fieldManager',
  'string',
  'The name of the actor making the change, recorded in managedFields. At most 128 printable characters. Required for apply patches.'
)

/**
 * fieldValidation: kubectl skips its own schema validation (and never asks
 * for /openapi/v2) when the PATCH operation of a kind declares this parameter.
 */
export const fieldValidation = query(
  'fieldValidation',
  'string',
  'What the server does with fields of the body that the schema does not have, and with fields given twice. Ignore: drop them silently. Warn (the default): drop them and answer a Warning header for each. Strict: reject the request with 400 BadRequest listing each of them.'
)

export const force = query('force', 'boolean', 'Apply patches only: take over fields owned by other managers instead of answering a conflict. Must be unset for other patch types.')

/** Parameters of create, replace and patch. */
export const writeParameters: Parameter[] = [dryRun, fieldManager, fieldValidation]

/** Parameters of patch. */
export const patchParameters: Parameter[] = [dryRun, fieldManager, fieldValidation, force]
