import type { Toleration } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../apimachinery/field-errors'
import { isValidLabelValue } from '../../apimachinery/validation'
import { validateQualifiedName } from './names'

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** Tolerations as ValidateTolerations checks them. */
export function validateTolerations(tolerations: Toleration[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  tolerations.forEach((t, i) => {
    const ip = fp.index(i)
    if (t.key) errs.push(...validateQualifiedName(t.key, ip.child('key')))
    if (!t.key && t.operator !== 'Exists') {
      errs.push(field.invalid(ip.child('operator').toString(), t.operator ?? '', 'operator must be Exists when `key` is empty, which means "match all values and all keys"'))
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(field.invalid(ip.child('effect').toString(), t.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"))
    }
    switch (t.operator ?? '') {
      case 'Equal':
      case '': {
        const msgs = isValidLabelValue(t.value ?? '')
        if (msgs.length) errs.push(field.invalid(ip.child('operator').toString(), t.value ?? '', msgs.join(';')))
        break
      }
      case 'Exists':
        if (t.value) errs.push(field.invalid(ip.child('operator').toString(), t.value, "value must be empty when `operator` is 'Exists'"))
        break
      default:
        errs.push(field.notSupported(ip.child('operator').toString(), t.operator, ['Equal', 'Exists']))
    }
    if (t.effect && !taintEffects.includes(t.effect)) errs.push(field.notSupported(ip.child('effect').toString(), t.effect, taintEffects))
  })
  return errs
}
