import type { KubeObject } from '../apimachinery/types'
import type { ResourceDefinition } from './types'

/**
 * Which objects a list or watch selects: the label and field selectors of the
 * request, compiled once into a predicate.
 */
export type ObjectPredicate = (obj: KubeObject) => boolean

/** Field values every kind supports. */
export function fieldsOf(def: ResourceDefinition, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' }
  if (def.namespaced) fields['metadata.namespace'] = obj.metadata.namespace ?? ''
  if (def.selectableFields) Object.assign(fields, def.selectableFields(obj as never))
  return fields
}
