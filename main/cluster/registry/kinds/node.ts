import type { Node, NodeSpec, Taint } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import type { Mutable } from '../../apimachinery/types'
import { deepEqual, isValidLabelValue, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { nodeColumns } from '../columns/node'
import { validateQualifiedName } from '../validation/names'
import { isIPv6, validateCIDR } from '../validation/network'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { defaultResourceList, quantityError, toQuantity } from '../validation/resources'
import { nodeWarnings } from './pod-spec/write-warnings'

/**
 * Nodes (pkg/registry/core/node). The simulated kubelet registers each node
 * with its status; the spec holds the pod CIDR, taints and cordoning.
 */

const taintEffects = ['NoSchedule', 'PreferNoSchedule', 'NoExecute']

/** helper.IsIntegerResourceName: counts (pods) and extended resources. */
function isIntegerResource(name: string): boolean {
  return name === 'pods' || (name.includes('/') && !name.includes('kubernetes.io/'))
}

function defaults(node: Node): void {
  node.spec ??= {}
  const status = (node as Mutable<Node>).status
  defaultResourceList(status?.capacity)
  defaultResourceList(status?.allocatable)
  // SetDefaults_NodeStatus: allocatable is the capacity until the kubelet reports otherwise.
  if (status && !status.allocatable && status.capacity) status.allocatable = { ...status.capacity }
}

/** validateNodeTaints; Kubernetes reports these under metadata.taints. */
export function validateTaints(taints: Taint[], fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const seen = new Map<string, Set<string>>()
  taints.forEach((t, i) => {
    const ip = fp.index(i)
    errs.push(...validateQualifiedName(t.key ?? '', ip.child('key')))
    const msgs = isValidLabelValue(t.value ?? '')
    if (msgs.length) errs.push(field.invalid(ip.child('value').toString(), t.value ?? '', msgs.join(';')))
    if (!t.effect) errs.push(field.required(ip.child('effect').toString()))
    else if (!taintEffects.includes(t.effect)) errs.push(field.notSupported(ip.child('effect').toString(), t.effect, taintEffects))
    const keys = seen.get(t.effect ?? '') ?? new Set<string>()
    if (keys.has(t.key ?? '')) {
      errs.push({ ...field.duplicate(ip.toString(), t), detail: 'taints must be unique by key and effect pair' })
      return
    }
    keys.add(t.key ?? '')
    seen.set(t.effect ?? '', keys)
  })
  return errs
}

/** ValidateNodeResources: capacity and allocatable must parse and be non-negative (integers for pods). */
function validateResources(node: Node): FieldError[] {
  const errs: FieldError[] = []
  for (const which of ['capacity', 'allocatable'] as const) {
    for (const [k, v] of Object.entries(node.status?.[which] ?? {})) {
      const fp = path('status', which, k).toString()
      const q = toQuantity(v)
      if (!q) errs.push(field.invalid(fp, v, quantityError(v) ?? ''))
      else if (q.sign() < 0) errs.push(field.invalid(fp, q.toString(), 'must be greater than or equal to 0'))
      else if (isIntegerResource(k) && q.milliValue() % 1000 !== 0) errs.push(field.invalid(fp, q.toString(), 'must be an integer'))
    }
  }
  return errs
}

function validatePodCIDRs(spec: NodeSpec): FieldError[] {
  const cidrs = spec.podCIDRs ?? []
  if (!cidrs.length) return []
  const fp = path('spec', 'podCIDRs')
  const errs: FieldError[] = []
  cidrs.forEach((c, i) => errs.push(...validateCIDR(c, fp.index(i))))
  if (cidrs.length > 1) {
    if (cidrs.length > 2 || isIPv6(cidrs[0]) === isIPv6(cidrs[1])) errs.push(field.invalid(fp.toString(), cidrs, 'may specify no more than one CIDR for each IP family'))
    const seen = new Set<string>()
    cidrs.forEach((c, i) => {
      if (seen.has(c)) errs.push(field.duplicate(fp.index(i).toString(), c))
      seen.add(c)
    })
  }
  return errs
}

function validate(node: Node): FieldError[] {
  const errs = validateCoreObjectMeta(node.metadata, false, nameIsDNSSubdomain, path('metadata'))
  if (node.spec?.taints?.length) errs.push(...validateTaints(node.spec.taints, path('metadata', 'taints')))
  errs.push(...validateResources(node))
  errs.push(...validatePodCIDRs(node.spec ?? {}))
  return errs
}

/** ValidateNodeUpdate; also what a status write is checked with. */
function validateNodeUpdate(node: Node, old: Node): FieldError[] {
  const errs = validateResources(node)
  const seen: unknown[] = []
  ;(node.status?.addresses ?? []).forEach((a, i) => {
    if (seen.some((s) => deepEqual(s, a))) errs.push(field.duplicate(path('status', 'addresses').index(i).toString(), a))
    seen.push(a)
  })
  const oldCIDRs = old.spec?.podCIDRs ?? []
  const newCIDRs = node.spec?.podCIDRs ?? []
  const cidrMsg = 'node updates may not change podCIDR except from "" to valid'
  if (oldCIDRs.length) {
    if (oldCIDRs.length !== newCIDRs.length) errs.push(field.forbidden(path('spec', 'podCIDRs').toString(), cidrMsg))
    else oldCIDRs.forEach((c, i) => c !== newCIDRs[i] && errs.push(field.forbidden(path('spec', 'podCIDRs').toString(), cidrMsg)))
  }
  if (old.spec?.providerID && old.spec.providerID !== node.spec?.providerID) {
    errs.push(field.forbidden(path('spec', 'providerID').toString(), 'node updates may not change providerID except from "" to valid'))
  }
  if (node.spec?.taints?.length) errs.push(...validateTaints(node.spec.taints, path('metadata', 'taints')))
  if ((node.spec?.externalID ?? '') !== (old.spec?.externalID ?? '')) errs.push(field.forbidden(path('spec', 'externalID').toString(), 'may not be updated'))
  return errs
}

export const nodeDefinition: ResourceDefinition<Node> = {
  group: '',
  version: 'v1',
  kind: 'Node',
  plural: 'nodes',
  singular: 'node',
  shortNames: ['no'],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: nodeColumns,
  defaults,
  // Unlike most kinds, a new Node keeps its status: the kubelet registers with it.
  prepareForUpdate: (node, old) => {
    ;(node as Mutable<Node>).status = old.status
  },
  validate,
  warnings: nodeWarnings,
  // Metadata is re-checked as ObjectMetaUpdate does (labels and annotations).
  validateUpdate: (node, old) => [...validateCoreObjectMeta(node.metadata, false, nameIsDNSSubdomain, path('metadata')), ...validateNodeUpdate(node, old)],
  validateStatusUpdate: validateNodeUpdate,
  selectableFields: (node) => ({ 'spec.unschedulable': String(!!node.spec?.unschedulable) })
  // Table columns and the OpenAPI schema are added here by a later change.
}
