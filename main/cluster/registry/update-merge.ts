import type { KubeObject } from '../apimachinery/types'
import { deepCopy } from '../apimachinery/deep-copy'
import { keepSystemMetadata } from './metadata'
import { specChanged } from './object-compare'
import type { FieldError } from '../apimachinery/field-errors'
import { path } from '../apimachinery/field-errors'
import { validateObjectMetaUpdate } from '../apimachinery/validation'
import type { ResourceDefinition } from './types'

/**
 * How an update's request body meets the stored object, per subresource, as
 * the apiserver's update strategies do it (PrepareForUpdate): a write of the
 * main resource keeps the stored status, a status write keeps the stored spec.
 */

/** A main-resource update: the status stays as stored when the kind has a status subresource. */
export function mergeMainUpdate(def: ResourceDefinition, old: KubeObject, incoming: KubeObject): KubeObject {
  const obj = incoming
  keepSystemMetadata(obj.metadata, old.metadata)
  if (def.hasStatus) {
    if (old.status === undefined) delete obj.status
    else obj.status = deepCopy(old.status)
  }
  def.defaults(obj)
  def.prepareForUpdate?.(obj, old)
  if (def.tracksGeneration && specChanged(obj, old)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1
  return obj
}

/**
 * A status update: the stored spec (everything outside metadata and status)
 * stays, the status and the user-settable metadata come from the request.
 */
export function mergeStatusUpdate(def: ResourceDefinition, old: KubeObject, incoming: KubeObject, now = ''): KubeObject {
  // A shallow copy: the stored spec is frozen and shared, written back as it is; metadata and status are the request's own copies.
  const obj = { ...old } as KubeObject
  obj.metadata = incoming.metadata
  keepSystemMetadata(obj.metadata, old.metadata)
  if (incoming.status === undefined) delete obj.status
  else obj.status = incoming.status
  def.prepareForStatusUpdate?.(obj, old, now)
  return obj
}

/**
 * How an update through `subresource` (none: the main resource) is merged
 * and validated; runsHooks when the write is the main resource's (the
 * kind's update hooks). Undefined when the kind has no such subresource.
 * `now` is the cluster time (RFC 3339) a strategy may stamp (CSR conditions).
 */
export interface UpdateStrategy {
  merge(old: KubeObject, incoming: KubeObject): KubeObject
  validate(obj: KubeObject, old: KubeObject): FieldError[]
  runsHooks: boolean
}

export function updateStrategy(def: ResourceDefinition, subresource: string | undefined, now = ''): UpdateStrategy | undefined {
  // The scale handler writes the whole object it changed (its spec's replica count): a main-resource update.
  if (!subresource || subresource === 'scale') {
    return {
      merge: (old, incoming) => mergeMainUpdate(def, old, incoming),
      validate: (obj, old) => [...validateObjectMetaUpdate(obj.metadata, old.metadata, path('metadata')), ...(def.validateUpdate ? def.validateUpdate(obj, old) : def.validate(obj))],
      runsHooks: true
    }
  }
  if (subresource === 'status') {
    return { merge: (old, incoming) => mergeStatusUpdate(def, old, incoming, now), validate: (obj, old) => def.validateStatusUpdate?.(obj, old) ?? [], runsHooks: false }
  }
  const strategy = def.updateSubresources?.[subresource]
  if (!strategy) return undefined
  return {
    merge: (old, incoming) => {
      def.defaults(incoming)
      return strategy.merge(incoming, old, now)
    },
    validate: (obj, old) => strategy.validate(obj, old),
    runsHooks: false
  }
}
