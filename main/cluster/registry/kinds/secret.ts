import type { Secret } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { deepEqual, nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { secretColumns } from '../columns/simple'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { base64DecodedLength, base64Error, isConfigMapKey } from '../validation/strings'

/**
 * Secrets (pkg/registry/core/secret): base64 data, typed by `type`, with the
 * per-type required keys. stringData is write-only: it is merged into data
 * on the way in, as the v1 conversion does, and never stored.
 */

const maxSecretSize = 1024 * 1024

function defaults(secret: Secret): void {
  if (!secret.type) secret.type = 'Opaque'
  const s = secret as Secret & { stringData?: Record<string, string> }
  if (s.stringData) {
    secret.data = { ...(secret.data ?? {}) }
    for (const [k, v] of Object.entries(s.stringData)) secret.data[k] = Buffer.from(v, 'utf8').toString('base64')
    delete s.stringData
  }
}

function decode(secret: Secret, key: string): string | undefined {
  const v = secret.data?.[key]
  return v === undefined ? undefined : Buffer.from(v, 'base64').toString('utf8')
}

function validJSON(text: string): string | undefined {
  try {
    const v = JSON.parse(text)
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return 'json: cannot unmarshal ' + (Array.isArray(v) ? 'array' : typeof v) + ' into Go value of type map[string]interface {}'
    return undefined
  } catch (e) {
    return (e as Error).message
  }
}

function validate(secret: Secret): FieldError[] {
  const errs = validateCoreObjectMeta(secret.metadata, true, nameIsDNSSubdomain, path('metadata'))
  const dataPath = path('data')
  let total = 0
  for (const [key, value] of Object.entries(secret.data ?? {})) {
    for (const m of isConfigMapKey(key)) errs.push(field.invalid(dataPath.key(key).toString(), key, m))
    // The real apiserver rejects bad base64 while decoding the request (400); here it is a field error.
    const bad = base64Error(value ?? '')
    if (bad) errs.push(field.invalid(dataPath.key(key).toString(), '<secret contents redacted>', bad))
    total += base64DecodedLength(value ?? '')
  }
  if (total > maxSecretSize) errs.push(field.tooLong(dataPath.toString(), '', maxSecretSize))
  const has = (k: string) => secret.data !== undefined && k in secret.data
  switch (secret.type) {
    case 'kubernetes.io/service-account-token':
      if (!secret.metadata?.annotations?.['kubernetes.io/service-account.name']) {
        errs.push(field.required(path('metadata', 'annotations').key('kubernetes.io/service-account.name').toString()))
      }
      break
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson'
      if (!has(key)) {
        errs.push(field.required(dataPath.key(key).toString()))
        break
      }
      const err = validJSON(decode(secret, key) ?? '')
      if (err) errs.push(field.invalid(dataPath.key(key).toString(), '<secret contents redacted>', err))
      break
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) {
        errs.push(field.required(dataPath.key('username').toString()))
        errs.push(field.required(dataPath.key('password').toString()))
      }
      break
    case 'kubernetes.io/ssh-auth':
      if (!secret.data?.['ssh-privatekey']) errs.push(field.required(dataPath.key('ssh-privatekey').toString()))
      break
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) errs.push(field.required(dataPath.key('tls.crt').toString()))
      if (!has('tls.key')) errs.push(field.required(dataPath.key('tls.key').toString()))
      break
    default:
      break
  }
  return errs
}

/** ValidateSecretUpdate: the type never changes; an immutable Secret keeps its data. */
function validateUpdate(secret: Secret, old: Secret): FieldError[] {
  const errs = validateImmutable(secret.type, old.type, 'type')
  if (old.immutable) {
    const msg = 'field is immutable when `immutable` is set'
    if (!secret.immutable) errs.push(field.forbidden('immutable', msg))
    if (!deepEqual(secret.data ?? {}, old.data ?? {})) errs.push(field.forbidden('data', msg))
  }
  return [...errs, ...validate(secret)]
}

export const secretDefinition: ResourceDefinition<Secret> = {
  group: '',
  version: 'v1',
  kind: 'Secret',
  plural: 'secrets',
  singular: 'secret',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: secretColumns,
  defaults,
  validate,
  validateUpdate,
  selectableFields: (secret) => ({ type: secret.type ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
