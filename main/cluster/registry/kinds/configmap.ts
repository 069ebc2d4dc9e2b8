import type { ConfigMap } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { deepEqual, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { configMapColumns } from '../columns/simple'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { base64DecodedLength, isConfigMapKey } from '../validation/strings'

/** ConfigMaps (pkg/registry/core/configmap): string and binary data under 1 MiB in total. */

/** core.MaxSecretSize, which also bounds ConfigMaps. */
export const maxDataSize = 1024 * 1024

function validate(cm: ConfigMap): FieldError[] {
  const errs = validateCoreObjectMeta(cm.metadata, true, nameIsDNSSubdomain, path('metadata'))
  let total = 0
  for (const [key, value] of Object.entries(cm.data ?? {})) {
    const fp = path('data').key(key).toString()
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(fp, key, m))
    if (cm.binaryData && key in cm.binaryData) errs.push(field.invalid(fp, key, 'duplicate of key present in binaryData'))
    total += Buffer.byteLength(value ?? '', 'utf8')
  }
  for (const [key, value] of Object.entries(cm.binaryData ?? {})) {
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(path('binaryData').key(key).toString(), key, m))
    total += base64DecodedLength(value ?? '')
  }
  // The whole object is at fault, so the error has no field path.
  if (total > maxDataSize) errs.push(field.tooLong('', '', maxDataSize))
  return errs
}

/** ValidateConfigMapUpdate: an immutable ConfigMap keeps its data and stays immutable. */
function validateUpdate(cm: ConfigMap, old: ConfigMap): FieldError[] {
  const errs: FieldError[] = []
  if (old.immutable) {
    const msg = 'field is immutable when `immutable` is set'
    if (!cm.immutable) errs.push(field.forbidden('immutable', msg))
    if (!deepEqual(cm.data ?? {}, old.data ?? {})) errs.push(field.forbidden('data', msg))
    if (!deepEqual(cm.binaryData ?? {}, old.binaryData ?? {})) errs.push(field.forbidden('binaryData', msg))
  }
  return [...errs, ...validate(cm)]
}

export const configMapDefinition: ResourceDefinition<ConfigMap> = {
  group: '',
  version: 'v1',
  kind: 'ConfigMap',
  plural: 'configmaps',
  singular: 'configmap',
  shortNames: ['cm'],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: configMapColumns,
  // SetDefaults_ConfigMap makes an empty data map, which serializes as nothing: no visible default.
  defaults: () => {},
  validate,
  validateUpdate
  // Table columns and the OpenAPI schema are added here by a later change.
}
