import { describe, expect, it } from 'vitest'
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-types/rbac/v1'
import { Authorizer } from '../../../main/cluster/apiserver/rbac/authorizer'
import { type RequestAttributes, ruleAllows } from '../../../main/cluster/apiserver/rbac/rule-resolver'
import { aggregatedRules } from '../../../main/cluster/controllers/clusterrole-aggregation'

const res = (verb: string, resource: string, extra: Partial<{ group: string; subresource: string; name: string; namespace: string }> = {}): RequestAttributes => ({
  resourceRequest: true,
  verb,
  resource,
  group: '',
  subresource: '',
  name: '',
  namespace: 'default',
  ...extra
})

describe('ruleAllows', () => {
  it.each<[string, object, RequestAttributes, boolean]>([
    ['verb and resource', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods'), true],
    ['another verb', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('list', 'pods'), false],
    ['another group', { verbs: ['*'], apiGroups: ['apps'], resources: ['pods'] }, res('get', 'pods'), false],
    ['a subresource needs its own entry', { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, res('get', 'pods', { subresource: 'log' }), false],
    ['pods/log', { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }, res('get', 'pods', { subresource: 'log' }), true],
    ['*/scale', { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] }, res('get', 'deployments', { group: 'apps', subresource: 'scale' }), true],
    ['resourceNames match by name', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, res('get', 'configmaps', { name: 'cfg' }), true],
    ['resourceNames never match a list', { verbs: ['list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'] }, res('list', 'configmaps'), false],
    ['a URL prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }, { resourceRequest: false, verb: 'get', path: '/apis/apps' }, true],
    ['an exact URL', { verbs: ['get'], nonResourceURLs: ['/healthz'] }, { resourceRequest: false, verb: 'get', path: '/healthz/etcd' }, false]
  ])('%s', (_n, rule, attrs, allowed) => {
    expect(ruleAllows(attrs, rule as never)).toBe(allowed)
  })
})

describe('Authorizer', () => {
  const reader: Role = { metadata: { name: 'reader', namespace: 'dev' }, rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }] }
  const bindings: RoleBinding[] = [
    { metadata: { name: 'read', namespace: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] },
    { metadata: { name: 'gone', namespace: 'dev' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'missing' }, subjects: [{ kind: 'Group', name: 'qa' }] }
  ]
  const crbs: ClusterRoleBinding[] = []
  const roles: ClusterRole[] = []
  const authz = new Authorizer({
    clusterRoleBindings: () => crbs,
    roleBindings: (ns) => bindings.filter((b) => b.metadata?.namespace === ns),
    clusterRole: (name) => roles.find((r) => r.metadata?.name === name),
    role: (ns, name) => (ns === 'dev' && name === 'reader' ? reader : undefined)
  })

  it('system:masters may do anything, with no reason', () => {
    expect(authz.authorize({ username: 'admin', groups: ['system:masters'] }, res('delete', 'nodes'))).toEqual({ allowed: true, reason: '' })
  })

  it('a service account subject without namespace is the binding namespace account', () => {
    expect(authz.authorize({ username: 'system:serviceaccount:dev:bot', groups: [] }, res('list', 'pods', { namespace: 'dev' }))).toEqual({
      allowed: true,
      reason: 'RBAC: allowed by RoleBinding "read/dev" of Role "reader" to ServiceAccount "bot/dev"'
    })
    expect(authz.authorize({ username: 'system:serviceaccount:other:bot', groups: [] }, res('list', 'pods', { namespace: 'dev' })).allowed).toBe(false)
  })

  it('a denial names the roles that do not exist', () => {
    expect(authz.authorize({ username: 'kim', groups: ['qa'] }, res('list', 'pods', { namespace: 'dev' }))).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found'
    })
  })

  it('rulesFor lists the bound rules and the evaluation errors', () => {
    expect(authz.rulesFor({ username: 'kim', groups: ['qa'] }, 'dev')).toEqual({ resourceRules: [], nonResourceRules: [], evaluationError: 'clusterrole.rbac.authorization.k8s.io "missing" not found' })
  })
})

describe('ClusterRole aggregation', () => {
  it('unions the matching roles rules by name, once each, leaving the role itself out', () => {
    const view: ClusterRole = { metadata: { name: 'view' }, aggregationRule: { clusterRoleSelectors: [{ matchLabels: { v: 'true' } }] } }
    const b: ClusterRole = { metadata: { name: 'b', labels: { v: 'true' } }, rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }
    const a: ClusterRole = { metadata: { name: 'a', labels: { v: 'true' } }, rules: [{ verbs: ['list'], apiGroups: [''], resources: ['pods'] }, { verbs: ['get'], apiGroups: [''], resources: ['pods'] }] }
    const other: ClusterRole = { metadata: { name: 'c' }, rules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }] }
    expect(aggregatedRules(view, [view, b, a, other])).toEqual([a.rules![0], a.rules![1]])
  })
})
