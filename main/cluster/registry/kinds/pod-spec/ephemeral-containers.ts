import type { Container, EphemeralContainer, Volume } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { validateContainerCommon } from './containers'

/**
 * validateEphemeralContainers: an ephemeral container is checked as any
 * container, its name is unique across every container of the pod, its
 * target is an app or init container, and only an allow-list of fields may be
 * set (no ports, probes, resources or lifecycle: it must never carry the
 * pod's service).
 */

const forbiddenText = 'cannot be set for an Ephemeral Container'

/** The EphemeralContainerCommon fields outside allowedEphemeralContainerFields, in declaration order. */
const disallowedFields = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'] as const

/** Go's zero-value test for a field: absent, null, empty string, false, 0, empty list or empty struct. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === '' || v === false || v === 0) return true
  if (Array.isArray(v)) return v.length === 0
  if (typeof v === 'object') return Object.values(v as object).every(isZero)
  return false
}

export function validateEphemeralContainers(
  ephemeral: EphemeralContainer[],
  containers: Container[],
  inits: Container[],
  volumes: Map<string, Volume>,
  fp: FieldPath
): FieldError[] {
  const errs: FieldError[] = []
  const others = new Set([...containers, ...inits].map((c) => c.name))
  const all = new Set(others)
  ephemeral.forEach((ec, i) => {
    const ip = fp.index(i)
    errs.push(...validateContainerCommon(ec as Container, volumes, ip))
    if (all.has(ec.name)) errs.push(field.duplicate(ip.child('name').toString(), ec.name))
    else all.add(ec.name)
    if (ec.targetContainerName && !others.has(ec.targetContainerName)) errs.push(field.notFound(ip.child('targetContainerName').toString(), ec.targetContainerName))
    const fields = ec as unknown as Record<string, unknown>
    for (const f of disallowedFields) if (!isZero(fields[f])) errs.push(field.forbidden(ip.child(f).toString(), forbiddenText))
    ;(ec.volumeMounts ?? []).forEach((vm, vi) => {
      if (vm.subPath) errs.push(field.forbidden(ip.child('volumeMounts').index(vi).child('subPath').toString(), forbiddenText))
      if (vm.subPathExpr) errs.push(field.forbidden(ip.child('volumeMounts').index(vi).child('subPathExpr').toString(), forbiddenText))
    })
  })
  return errs
}
