import type { PodAffinityTerm, PodSpec } from 'kubernetes-types/core/v1'
import { validateLabelSelector } from '../../../apimachinery/label-selector'
import { type FieldError, type FieldPath, field } from '../../../apimachinery/field-errors'
import { isDNS1123Label } from '../../../apimachinery/validation'
import { validateQualifiedName } from '../../validation/names'
import { validateNodeSelectorRequirement } from '../../validation/node-selector'

/** Where a pod may run: node and pod (anti-)affinity and topology spread constraints. */

export function validateAffinity(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const na = spec.affinity?.nodeAffinity
  if (na) {
    const np = fp.child('nodeAffinity')
    const req = na.requiredDuringSchedulingIgnoredDuringExecution
    if (req) {
      const tp = np.child('requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms')
      if (!req.nodeSelectorTerms?.length) errs.push(field.required(tp.toString(), 'must have at least one node selector term'))
      ;(req.nodeSelectorTerms ?? []).forEach((term, i) => {
        ;(term.matchExpressions ?? []).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, tp.index(i).child('matchExpressions').index(j), false)))
      })
    }
    ;(na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((term, i) => {
      const tp = np.child('preferredDuringSchedulingIgnoredDuringExecution').index(i)
      if (term.weight <= 0 || term.weight > 100) errs.push(field.invalid(tp.child('weight').toString(), term.weight, 'must be in the range 1-100'))
      ;(term.preference?.matchExpressions ?? []).forEach((rq, j) => errs.push(...validateNodeSelectorRequirement(rq, tp.child('preference', 'matchExpressions').index(j), true)))
    })
  }
  for (const kind of ['podAffinity', 'podAntiAffinity'] as const) {
    const pa = spec.affinity?.[kind]
    if (!pa) continue
    const kp = fp.child(kind)
    ;(pa.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      errs.push(...validatePodAffinityTerm(t, kp.child('requiredDuringSchedulingIgnoredDuringExecution').index(i)))
    })
    ;(pa.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
      const wp = kp.child('preferredDuringSchedulingIgnoredDuringExecution').index(i)
      if (w.weight <= 0 || w.weight > 100) errs.push(field.invalid(wp.child('weight').toString(), w.weight, 'must be in the range 1-100'))
      errs.push(...validatePodAffinityTerm(w.podAffinityTerm, wp.child('podAffinityTerm')))
    })
  }
  return errs
}

function validatePodAffinityTerm(t: PodAffinityTerm, fp: FieldPath): FieldError[] {
  const errs = validateLabelSelector(t.labelSelector, fp.child('labelSelector'))
  errs.push(...validateLabelSelector(t.namespaceSelector, fp.child('namespaceSelector')))
  // Kubernetes reports each bad entry of `namespaces` at `namespace`.
  for (const ns of t.namespaces ?? []) for (const m of isDNS1123Label(ns)) errs.push(field.invalid(fp.child('namespace').toString(), ns, m))
  if (!t.topologyKey) errs.push(field.required(fp.child('topologyKey').toString(), 'can not be empty'))
  errs.push(...validateQualifiedName(t.topologyKey ?? '', fp.child('topologyKey')))
  return errs
}

const unsatisfiableActions = ['DoNotSchedule', 'ScheduleAnyway']

export function validateTopologySpread(spec: PodSpec, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const cs = spec.topologySpreadConstraints ?? []
  cs.forEach((c, i) => {
    const cp = fp.index(i)
    if (!(c.maxSkew > 0)) errs.push(field.invalid(cp.child('maxSkew').toString(), c.maxSkew, 'must be greater than zero'))
    if (!c.topologyKey) errs.push(field.required(cp.child('topologyKey').toString(), 'can not be empty'))
    if (!unsatisfiableActions.includes(c.whenUnsatisfiable)) errs.push(field.notSupported(cp.child('whenUnsatisfiable').toString(), c.whenUnsatisfiable ?? '', unsatisfiableActions))
    if (cs.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(field.duplicate(cp.child('{topologyKey, whenUnsatisfiable}').toString(), `{${c.topologyKey}, ${c.whenUnsatisfiable}}`))
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(field.invalid(cp.child('minDomains').toString(), c.minDomains, 'must be greater than zero'))
      if (c.whenUnsatisfiable !== 'DoNotSchedule') {
        errs.push(field.invalid(cp.child('minDomains').toString(), c.minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable}`))
      }
    }
    for (const key of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[key]
      if (v !== undefined && v !== 'Honor' && v !== 'Ignore') errs.push(field.notSupported(cp.child(key).toString(), v, ['Honor', 'Ignore']))
    }
    errs.push(...validateLabelSelector(c.labelSelector, cp.child('labelSelector')))
  })
  return errs
}
