import type { PolicyRule, RoleRef, Subject } from 'kubernetes-types/rbac/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, nameIsPathSegment } from '../../apimachinery/validation'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * What the four rbac.authorization.k8s.io/v1 kinds share, as
 * pkg/apis/rbac/validation and pkg/apis/rbac/v1/defaults.go have it: names
 * are path segments (`system:node` is a valid role name), rules need verbs and
 * either resources with API groups or (cluster-wide only) non-resource URLs,
 * bindings refer to a role in this group and name their subjects.
 */

export const rbacGroup = 'rbac.authorization.k8s.io'

/** ObjectMeta of an RBAC object: any name that fits in a URL path segment. */
export function validateRBACMeta(meta: ObjectMeta | undefined, namespaced: boolean): FieldError[] {
  return validateCoreObjectMeta(meta, namespaced, nameIsPathSegment, path('metadata'))
}

/** ValidatePolicyRule: one rule of a Role or ClusterRole. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (!rule.verbs?.length) errs.push(field.required(fp.child('verbs').toString(), 'verbs must contain at least one value'))
  if (rule.nonResourceURLs?.length) {
    const up = fp.child('nonResourceURLs').toString()
    if (namespaced) errs.push(field.invalid(up, rule.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'))
    if (rule.apiGroups?.length || rule.resources?.length || rule.resourceNames?.length) {
      errs.push(field.invalid(up, rule.nonResourceURLs, 'rules cannot apply to both regular resources and non-resource URLs'))
    }
    return errs
  }
  if (!rule.apiGroups?.length) errs.push(field.required(fp.child('apiGroups').toString(), 'resource rules must supply at least one api group'))
  if (!rule.resources?.length) errs.push(field.required(fp.child('resources').toString(), 'resource rules must supply at least one resource'))
  return errs
}

/** Every rule of a role, at rules[i]. */
export function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, path('rules').index(i)))
}

/** The roleRef of a binding; a ClusterRoleBinding may only name a ClusterRole. */
export function validateRoleRef(ref: RoleRef | undefined, kinds: readonly string[]): FieldError[] {
  const errs: FieldError[] = []
  const r = ref ?? ({} as Partial<RoleRef>)
  if (r.apiGroup !== rbacGroup) errs.push(field.notSupported('roleRef.apiGroup', r.apiGroup ?? '', [rbacGroup]))
  if (!kinds.includes(r.kind ?? '')) errs.push(field.notSupported('roleRef.kind', r.kind ?? '', kinds))
  if (!r.name) errs.push(field.required('roleRef.name'))
  else for (const msg of nameIsPathSegment(r.name, false)) errs.push(field.invalid('roleRef.name', r.name, msg))
  return errs
}

/** ValidateRoleBindingSubject: a ServiceAccount (namespace needed cluster-wide), a User or a Group. */
export function validateSubject(s: Subject, namespaced: boolean, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const np = fp.child('name').toString()
  if (!s.name) errs.push(field.required(np))
  switch (s.kind) {
    case 'ServiceAccount':
      if (s.name) for (const msg of isDNS1123Subdomain(s.name)) errs.push(field.invalid(np, s.name, msg))
      if (s.apiGroup) errs.push(field.notSupported(fp.child('apiGroup').toString(), s.apiGroup, ['']))
      if (!namespaced && !s.namespace) errs.push(field.required(fp.child('namespace').toString()))
      break
    case 'User':
    case 'Group':
      if (s.apiGroup !== rbacGroup) errs.push(field.notSupported(fp.child('apiGroup').toString(), s.apiGroup ?? '', [rbacGroup]))
      break
    default:
      errs.push(field.notSupported(fp.child('kind').toString(), s.kind ?? '', ['ServiceAccount', 'User', 'Group']))
  }
  return errs
}

/** Go's %#v of the internal rbac.RoleRef, the value Kubernetes shows when a binding's roleRef changes. */
function goRoleRef(r: Partial<RoleRef>): string {
  return `rbac.RoleRef{APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}}`
}

/** A binding's roleRef never changes: delete and recreate the binding to point it elsewhere. */
export function validateRoleRefUnchanged(ref: RoleRef | undefined, old: RoleRef | undefined): FieldError[] {
  const a = ref ?? ({} as Partial<RoleRef>)
  const b = old ?? ({} as Partial<RoleRef>)
  if (a.apiGroup === b.apiGroup && a.kind === b.kind && a.name === b.name) return []
  // The value is printed as Go prints the struct; it travels in the detail so the message reads exactly so.
  return [{ type: 'FieldValueInvalid', field: 'roleRef', detail: `${goRoleRef(a)}: cannot change roleRef` }]
}

/** SetDefaults for bindings: roleRef.apiGroup, and each User or Group subject's apiGroup. */
export function defaultBinding(b: { roleRef?: RoleRef; subjects?: Subject[] }): void {
  if (b.roleRef && !b.roleRef.apiGroup) b.roleRef.apiGroup = rbacGroup
  for (const s of b.subjects ?? []) {
    if (s.apiGroup) continue
    // A ServiceAccount's group is the core group, which Go leaves out of the JSON.
    if (s.kind === 'User' || s.kind === 'Group') s.apiGroup = rbacGroup
  }
}
