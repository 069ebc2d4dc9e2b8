import type { LimitRange, LimitRangeItem } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { type Quantity, tryParseQuantity } from '../../apimachinery/quantity'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * core/v1 LimitRange: per-container (or per-pod, per-claim) bounds and
 * defaults for a namespace, which the LimitRanger admission plugin applies
 * to new pods. Defaults and validation as pkg/apis/core/v1/defaults.go
 * (SetDefaults_LimitRangeItem) and ValidateLimitRange.
 */
export type LimitRangeObject = LimitRange & KubeObject

const limitTypes = ['Container', 'Pod', 'PersistentVolumeClaim'] as const
type List = Record<string, string>

/** Container limits: the default limit is the max, the default request the default limit, else the min. */
function defaultItem(item: LimitRangeItem): void {
  if (item.type !== 'Container') return
  const def = (item.default ??= {}) as List
  const req = (item.defaultRequest ??= {}) as List
  for (const [k, v] of Object.entries((item.max ?? {}) as List)) def[k] ??= v
  for (const [k, v] of Object.entries(def)) req[k] ??= v
  for (const [k, v] of Object.entries((item.min ?? {}) as List)) req[k] ??= v
}

function quantities(list: unknown): Map<string, Quantity> {
  const out = new Map<string, Quantity>()
  for (const [k, v] of Object.entries((list ?? {}) as List)) {
    const q = tryParseQuantity(String(v))
    if (q) out.set(k, q)
  }
  return out
}

function validateItem(item: LimitRangeItem, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!(limitTypes as readonly string[]).includes(item.type)) errs.push(field.notSupported(fp.child('type').toString(), item.type ?? '', limitTypes))
  if (item.type === 'Pod') {
    if (Object.keys(item.default ?? {}).length) errs.push(field.forbidden(fp.child('default').toString(), "may not be specified when `type` is 'Pod'"))
    if (Object.keys(item.defaultRequest ?? {}).length) errs.push(field.forbidden(fp.child('defaultRequest').toString(), "may not be specified when `type` is 'Pod'"))
  }
  const min = quantities(item.min)
  const max = quantities(item.max)
  const def = quantities(item.default)
  const req = quantities(item.defaultRequest)
  const keys = new Set([...min.keys(), ...max.keys(), ...def.keys(), ...req.keys()])
  for (const k of keys) {
    const [lo, hi, d, r] = [min.get(k), max.get(k), def.get(k), req.get(k)]
    if (lo && hi && lo.cmp(hi) > 0) errs.push(field.invalid(fp.child('min').key(k).toString(), lo.toString(), `min value ${lo} is greater than max value ${hi}`))
    if (r && lo && lo.cmp(r) > 0) errs.push(field.invalid(fp.child('defaultRequest').key(k).toString(), r.toString(), `min value ${lo} is greater than default request value ${r}`))
    if (r && hi && r.cmp(hi) > 0) errs.push(field.invalid(fp.child('defaultRequest').key(k).toString(), r.toString(), `default request value ${r} is greater than max value ${hi}`))
    if (r && d && r.cmp(d) > 0) errs.push(field.invalid(fp.child('defaultRequest').key(k).toString(), r.toString(), `default request value ${r} is greater than default limit value ${d}`))
    if (d && lo && lo.cmp(d) > 0) errs.push(field.invalid(fp.child('default').key(k).toString(), lo.toString(), `min value ${lo} is greater than default value ${d}`))
    if (d && hi && d.cmp(hi) > 0) errs.push(field.invalid(fp.child('default').key(k).toString(), hi.toString(), `default value ${d} is greater than max value ${hi}`))
  }
  return errs
}

function validateLimitRange(lr: LimitRangeObject): FieldError[] {
  const errs = validateCoreObjectMeta(lr.metadata, true, nameIsDNSSubdomain, path('metadata'))
  ;(lr.spec?.limits ?? []).forEach((item, i) => errs.push(...validateItem(item, path('spec', 'limits').index(i))))
  return errs
}

export const limitRangeDefinition: ResourceDefinition<LimitRangeObject> = {
  group: '',
  version: 'v1',
  kind: 'LimitRange',
  plural: 'limitranges',
  singular: 'limitrange',
  shortNames: ['limits'],
  categories: [],
  namespaced: true,
  hasStatus: false,

  defaults(lr) {
    for (const item of lr.spec?.limits ?? []) defaultItem(item)
  },

  validate: validateLimitRange,
  validateUpdate: validateLimitRange
}
