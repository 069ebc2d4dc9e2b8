import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import { roleDefinition } from '../../../main/cluster/registry/kinds/role'
import { clusterRoleDefinition } from '../../../main/cluster/registry/kinds/clusterrole'
import { roleBindingDefinition } from '../../../main/cluster/registry/kinds/rolebinding'
import { clusterRoleBindingDefinition } from '../../../main/cluster/registry/kinds/clusterrolebinding'
import type { ResourceDefinition } from '../../../main/cluster/registry/types'

function errors(def: ResourceDefinition<KubeObject>, obj: Record<string, unknown>): string[] {
  const o = structuredClone(obj) as KubeObject
  def.defaults(o)
  return def.validate(o).map(fieldErrorString)
}

const role = (rules: unknown[]) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'ns' }, rules })

describe('Role and ClusterRole validation', () => {
  it.each<[string, unknown[], string[]]>([
    ['a resource rule', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }], []],
    ['no verbs', [{ apiGroups: [''], resources: ['pods'] }], ['rules[0].verbs: Required value: verbs must contain at least one value']],
    [
      'no groups nor resources',
      [{ verbs: ['get'] }],
      ['rules[0].apiGroups: Required value: resource rules must supply at least one api group', 'rules[0].resources: Required value: resource rules must supply at least one resource']
    ],
    ['non-resource URLs in a namespace', [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }], ['rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs']]
  ])('%s', (_n, rules, expected) => {
    expect(errors(roleDefinition as ResourceDefinition<KubeObject>, role(rules))).toEqual(expected)
  })

  it('names may hold colons, as the system: roles do', () => {
    expect(errors(clusterRoleDefinition as ResourceDefinition<KubeObject>, { metadata: { name: 'system:x' }, rules: [{ verbs: ['get'], nonResourceURLs: ['/x'] }] })).toEqual([])
    expect(errors(clusterRoleDefinition as ResourceDefinition<KubeObject>, { metadata: { name: 'a/b' } })).toEqual(["metadata.name: Invalid value: \"a/b\": may not contain '/'"])
  })

  it('a ClusterRole may not mix resources and URLs, and an aggregationRule needs selectors', () => {
    expect(
      errors(clusterRoleDefinition as ResourceDefinition<KubeObject>, {
        metadata: { name: 'c' },
        rules: [{ verbs: ['get'], resources: ['pods'], nonResourceURLs: ['/x'] }],
        aggregationRule: {}
      })
    ).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil'
    ])
  })
})

describe('RoleBinding and ClusterRoleBinding', () => {
  const rb = (extra: Record<string, unknown>) => ({ metadata: { name: 'b', namespace: 'ns' }, roleRef: { kind: 'Role', name: 'r' }, ...extra })

  it('defaults the role and User/Group subjects to the rbac group, not service accounts', () => {
    const o = rb({ subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'bot' }] }) as unknown as KubeObject
    roleBindingDefinition.defaults(o as never)
    expect(o).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io' },
      subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }, { kind: 'ServiceAccount', name: 'bot' }]
    })
    expect((o as unknown as { subjects: object[] }).subjects[1]).not.toHaveProperty('apiGroup')
  })

  it('checks role references and subjects', () => {
    expect(
      errors(roleBindingDefinition as ResourceDefinition<KubeObject>, rb({ roleRef: { apiGroup: 'x', kind: 'Foo' }, subjects: [{ kind: 'Robot', name: 'r2' }, { kind: 'ServiceAccount', name: 'Bad_Name' }] }))
    ).toEqual([
      'roleRef.apiGroup: Unsupported value: "x": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Foo": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
      'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[1].name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')'
    ])
    expect(errors(clusterRoleBindingDefinition as ResourceDefinition<KubeObject>, { metadata: { name: 'c' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'bot' }] })).toEqual([
      'subjects[0].namespace: Required value'
    ])
  })

  it('roleRef cannot change', () => {
    const old = rb({}) as unknown as KubeObject
    roleBindingDefinition.defaults(old as never)
    const next = structuredClone(old) as unknown as { roleRef: { name: string } }
    next.roleRef.name = 'other'
    expect(roleBindingDefinition.validateUpdate!(next as never, old as never).map(fieldErrorString)).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef'
    ])
  })
})
