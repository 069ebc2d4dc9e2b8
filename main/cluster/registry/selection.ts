import type { KubeObject } from '../apimachinery/types'
import { parseLabelSelector } from '../apimachinery/label-selector'
import { checkFieldSelectorFields, parseFieldSelector } from '../apimachinery/field-selector'
import type { ResourceDefinition } from './types'

/**
 * Which objects a list or watch selects: the label and field selectors of the
 * request, compiled once into a predicate.
 */
export type ObjectPredicate = (obj: KubeObject) => boolean

/** Field values every kind supports, plus the kind's own selectable fields. */
export function fieldsOf(def: ResourceDefinition, obj: KubeObject): Record<string, string> {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '', 'metadata.namespace': obj.metadata.namespace ?? '' }
  if (def.selectableFields) Object.assign(fields, def.selectableFields(obj as never))
  return fields
}

/** The field names a kind accepts in field selectors. */
const supportedCache = new WeakMap<ResourceDefinition, string[]>()
function supportedFields(def: ResourceDefinition): string[] {
  let fields = supportedCache.get(def)
  if (!fields) {
    // selectableFields reports every field it supports, with '' for absent values.
    const probe = { metadata: {}, spec: {}, status: {} } as KubeObject
    fields = ['metadata.name', 'metadata.namespace', ...Object.keys(def.selectableFields ? def.selectableFields(probe as never) : {})]
    supportedCache.set(def, fields)
  }
  return fields
}

/**
 * Compiles label and field selector strings into one predicate, or undefined
 * when nothing is selected out. Malformed selectors and unsupported fields are
 * 400 BadRequest with the apiserver's messages.
 */
export function compileSelection(def: ResourceDefinition, labelSelector?: string, fieldSelector?: string): ObjectPredicate | undefined {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : undefined
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : undefined
  if (fields) checkFieldSelectorFields(fields, supportedFields(def), def.selectableFields ? 'conversion' : 'default')
  const useLabels = labels && !labels.empty() ? labels : undefined
  const useFields = fields && !fields.empty() ? fields : undefined
  if (!useLabels && !useFields) return undefined
  return (obj) => (!useLabels || useLabels.matches(obj.metadata.labels)) && (!useFields || useFields.matches(fieldsOf(def, obj)))
}
