import type { Container, PodSpec } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { inclusiveRangeError } from '../../validation/numbers'

/** The pod's and each container's securityContext. */

export function validatePodSecurityContext(spec: PodSpec, fp: FieldPath): FieldError[] {
  const sc = spec.securityContext
  if (!sc) return []
  const errs: FieldError[] = []
  const range = inclusiveRangeError(0, 4294967295)
  const bad = (n: number | undefined) => n !== undefined && (n < 0 || n > 4294967295)
  if (bad(sc.fsGroup)) errs.push(field.invalid(fp.child('fsGroup').toString(), sc.fsGroup, range))
  if (bad(sc.runAsUser)) errs.push(field.invalid(fp.child('runAsUser').toString(), sc.runAsUser, range))
  if (bad(sc.runAsGroup)) errs.push(field.invalid(fp.child('runAsGroup').toString(), sc.runAsGroup, range))
  ;(sc.supplementalGroups ?? []).forEach((g, i) => {
    if (bad(g)) errs.push(field.invalid(fp.child('supplementalGroups').index(i).toString(), g, range))
  })
  if (spec.shareProcessNamespace && spec.hostPID) {
    errs.push(field.invalid(fp.child('shareProcessNamespace').toString(), true, 'ShareProcessNamespace and HostPID cannot both be enabled'))
  }
  return errs
}

export function validateContainerSecurityContext(c: Container, fp: FieldPath): FieldError[] {
  const sc = c.securityContext
  if (!sc) return []
  const errs: FieldError[] = []
  const idRange = inclusiveRangeError(0, 4294967295)
  if (sc.runAsUser !== undefined && (sc.runAsUser < 0 || sc.runAsUser > 4294967295)) errs.push(field.invalid(fp.child('runAsUser').toString(), sc.runAsUser, idRange))
  if (sc.runAsGroup !== undefined && (sc.runAsGroup < 0 || sc.runAsGroup > 4294967295)) errs.push(field.invalid(fp.child('runAsGroup').toString(), sc.runAsGroup, idRange))
  if (sc.allowPrivilegeEscalation === false && sc.privileged) {
    errs.push(field.invalid(fp.toString(), sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'))
  }
  return errs
}
