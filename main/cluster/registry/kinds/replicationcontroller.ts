import type { ReplicationController, ReplicationControllerStatus } from 'kubernetes-types/core/v1'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { replicationControllerColumns } from '../columns/workloads'
import { defaultPodTemplateSpec, validatePodTemplateSpec } from './pod-spec'
import { validateNonnegative } from '../validation/numbers'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { templateWarnings } from './pod-spec/write-warnings'

/**
 * ReplicationControllers (pkg/registry/core/replicationcontroller): the
 * original replica keeper, with a plain map as selector.
 */

function defaults(rc: ReplicationController): void {
  const spec = (rc.spec ??= {})
  const labels = spec.template?.metadata?.labels
  // SetDefaults_ReplicationController: selector and labels come from the template when not given.
  if (labels) {
    if (!spec.selector || Object.keys(spec.selector).length === 0) spec.selector = { ...labels }
    if (!rc.metadata?.labels || Object.keys(rc.metadata.labels).length === 0) rc.metadata = { ...(rc.metadata ?? {}), labels: { ...labels } }
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1
  if (spec.template) defaultPodTemplateSpec(spec.template)
}

function selectorMatches(selector: Record<string, string>, labels: Record<string, string> | undefined): boolean {
  return Object.entries(selector).every(([k, v]) => labels?.[k] === v)
}

/** ValidateReplicationControllerSpec. */
function validateSpec(rc: ReplicationController): FieldError[] {
  const sp = path('spec')
  const spec = rc.spec ?? {}
  const errs = validateNonnegative(spec.minReadySeconds, sp.child('minReadySeconds'))
  const selector = spec.selector ?? {}
  if (Object.keys(selector).length === 0) errs.push(field.required(sp.child('selector').toString()))
  errs.push(...validateNonnegative(spec.replicas, sp.child('replicas')))
  const tp = sp.child('template')
  const t = spec.template
  if (!t) {
    errs.push(field.required(tp.toString()))
    return errs
  }
  if (Object.keys(selector).length && !selectorMatches(selector, t.metadata?.labels)) {
    errs.push(field.invalid(tp.child('metadata', 'labels').toString(), t.metadata?.labels ?? {}, '`selector` does not match template `labels`'))
  }
  errs.push(...validatePodTemplateSpec(t, tp))
  if (t.spec?.restartPolicy !== 'Always') errs.push(field.notSupported(tp.child('spec', 'restartPolicy').toString(), t.spec?.restartPolicy ?? '', ['Always']))
  if (t.spec?.activeDeadlineSeconds !== undefined && t.spec.activeDeadlineSeconds !== null) {
    errs.push(field.forbidden(tp.child('spec', 'activeDeadlineSeconds').toString(), 'activeDeadlineSeconds in ReplicationController is not Supported'))
  }
  return errs
}

function validateStatus(status: ReplicationControllerStatus | undefined): FieldError[] {
  const s = status ?? { replicas: 0 }
  const st = path('status')
  const errs: FieldError[] = []
  for (const k of ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'] as const) {
    errs.push(...validateNonnegative(s[k], st.child(k)))
  }
  const msg = 'cannot be greater than status.replicas'
  const replicas = s.replicas ?? 0
  if ((s.fullyLabeledReplicas ?? 0) > replicas) errs.push(field.invalid(st.child('fullyLabeledReplicas').toString(), s.fullyLabeledReplicas, msg))
  if ((s.readyReplicas ?? 0) > replicas) errs.push(field.invalid(st.child('readyReplicas').toString(), s.readyReplicas, msg))
  if ((s.availableReplicas ?? 0) > replicas) errs.push(field.invalid(st.child('availableReplicas').toString(), s.availableReplicas, msg))
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0)) errs.push(field.invalid(st.child('availableReplicas').toString(), s.availableReplicas, 'cannot be greater than readyReplicas'))
  return errs
}

export const replicationControllerDefinition: ResourceDefinition<ReplicationController> = {
  group: '',
  version: 'v1',
  kind: 'ReplicationController',
  plural: 'replicationcontrollers',
  singular: 'replicationcontroller',
  shortNames: ['rc'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: replicationControllerColumns,
  tracksGeneration: true,
  // The selector is a map; the scale subresource renders it as a label selector string.
  scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas', labelSelectorPath: '.spec.selector' },
  defaults,
  prepareForCreate: (rc) => {
    ;(rc as Mutable<ReplicationController>).status = { replicas: 0 }
  },
  prepareForUpdate: (rc, old) => {
    ;(rc as Mutable<ReplicationController>).status = old.status
  },
  warnings: templateWarnings<ReplicationController>(['spec', 'template'], 'Pod names and hostnames'),
  validate: (rc) => [...validateCoreObjectMeta(rc.metadata, true, nameIsDNSSubdomain, path('metadata')), ...validateSpec(rc)],
  validateStatusUpdate: (rc) => validateStatus(rc.status),
  selectableFields: (rc) => ({ 'status.replicas': String(rc.status?.replicas ?? 0) })
  // Table columns and the OpenAPI schema are added here by a later change.
}
