import type { ClusterRole, ClusterRoleBinding, PolicyRule, Role, RoleBinding, Subject } from 'kubernetes-types/rbac/v1'
import type { Requester } from '../../registry/types'

/**
 * Which rules apply to a user, as RBAC's DefaultRuleResolver finds them
 * (pkg/registry/rbac/validation/rule.go): every ClusterRoleBinding naming the
 * user, then, in a namespace, every RoleBinding there; each contributes the
 * rules of the role it refers to. A binding whose role is missing is an
 * error the authorizer reports, not a reason to stop.
 */

/** What the resolver reads: the four RBAC kinds as stored. */
export interface RBACObjects {
  clusterRoleBindings(): ClusterRoleBinding[]
  roleBindings(namespace: string): RoleBinding[]
  clusterRole(name: string): ClusterRole | undefined
  role(namespace: string, name: string): Role | undefined
}

/** Where a rule came from, in the words of the authorizer's reasons. */
export interface RuleSource {
  /** `ClusterRoleBinding "x" of ClusterRole "y" to User "jane"`. */
  describe(): string
}

/** Called for each rule found; returns false to stop the walk. */
export type RuleVisitor = (source: RuleSource | undefined, rule: PolicyRule | undefined, err: string | undefined) => boolean

/** serviceaccount.MakeUsername. */
export function serviceAccountUsername(namespace: string, name: string): string {
  return `system:serviceaccount:${namespace}:${name}`
}

/** appliesToUser: whether one subject of a binding (in bindingNamespace, '' for cluster) names the user. */
export function subjectApplies(user: Requester, s: Subject, bindingNamespace: string): boolean {
  switch (s.kind) {
    case 'User':
      return user.username === s.name
    case 'Group':
      return user.groups.includes(s.name)
    case 'ServiceAccount': {
      const ns = s.namespace || bindingNamespace
      return ns !== '' && serviceAccountUsername(ns, s.name) === user.username
    }
    default:
      return false
  }
}

function describeSubject(s: Subject, bindingNamespace: string): string {
  if (s.kind === 'ServiceAccount') return `${s.kind} ${JSON.stringify(`${s.name}/${s.namespace || bindingNamespace}`)}`
  return `${s.kind} ${JSON.stringify(s.name)}`
}

/** Walks the user's rules for a namespace ('' for cluster-scoped requests), as VisitRulesFor does. */
export function visitRulesFor(objects: RBACObjects, user: Requester, namespace: string, visit: RuleVisitor): void {
  for (const b of objects.clusterRoleBindings()) {
    const subject = (b.subjects ?? []).find((s) => subjectApplies(user, s, ''))
    if (!subject) continue
    const role = objects.clusterRole(b.roleRef.name)
    if (!role) {
      if (!visit(undefined, undefined, `clusterrole.rbac.authorization.k8s.io ${JSON.stringify(b.roleRef.name)} not found`)) return
      continue
    }
    const source = { describe: () => `ClusterRoleBinding ${JSON.stringify(b.metadata?.name)} of ClusterRole ${JSON.stringify(b.roleRef.name)} to ${describeSubject(subject, '')}` }
    for (const rule of role.rules ?? []) if (!visit(source, rule, undefined)) return
  }
  if (!namespace) return
  for (const b of objects.roleBindings(namespace)) {
    const subject = (b.subjects ?? []).find((s) => subjectApplies(user, s, namespace))
    if (!subject) continue
    const ref = b.roleRef
    const role = ref.kind === 'ClusterRole' ? objects.clusterRole(ref.name) : objects.role(namespace, ref.name)
    if (!role) {
      const what = ref.kind === 'ClusterRole' ? 'clusterrole' : 'role'
      if (!visit(undefined, undefined, `${what}.rbac.authorization.k8s.io ${JSON.stringify(ref.name)} not found`)) return
      continue
    }
    const source = {
      describe: () => `RoleBinding ${JSON.stringify(`${b.metadata?.name}/${namespace}`)} of ${ref.kind} ${JSON.stringify(ref.name)} to ${describeSubject(subject, namespace)}`
    }
    for (const rule of role.rules ?? []) if (!visit(source, rule, undefined)) return
  }
}

/** The attributes of one request, as authorizer.Attributes carries them. */
export type RequestAttributes =
  | { resourceRequest: true; verb: string; group: string; resource: string; subresource: string; name: string; namespace: string }
  | { resourceRequest: false; verb: string; path: string }

/** RuleAllows: verbs, API groups, resources (a `*` before a subresource matches any resource), resource names, or non-resource URLs (with a trailing `*`). */
export function ruleAllows(attrs: RequestAttributes, rule: PolicyRule): boolean {
  if (!has(rule.verbs, attrs.verb)) return false
  if (!attrs.resourceRequest) {
    return (rule.nonResourceURLs ?? []).some((u) => u === '*' || u === attrs.path || (u.endsWith('*') && attrs.path.startsWith(u.slice(0, -1))))
  }
  if (!has(rule.apiGroups, attrs.group)) return false
  const combined = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource
  const resourceMatches = (rule.resources ?? []).some(
    (r) => r === '*' || r === combined || (attrs.subresource !== '' && r === `*/${attrs.subresource}`)
  )
  if (!resourceMatches) return false
  return !rule.resourceNames?.length || rule.resourceNames.includes(attrs.name)
}

function has(values: string[] | undefined, v: string): boolean {
  return (values ?? []).some((x) => x === '*' || x === v)
}
