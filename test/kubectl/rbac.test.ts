import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'
import { clusterRoleAggregationComponent } from '../../main/cluster/controllers/clusterrole-aggregation'

/**
 * RBAC through kubectl: the four kinds, the default roles the apiserver
 * creates, the aggregation of admin/edit/view, and the authorizer answering
 * `auth can-i --as` and refusing impersonated requests as kube-apiserver does.
 */
describe.skipIf(!hasKubectl)('kubectl and RBAC', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [clusterRoleAggregationComponent] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const ok = expectOk(() => k)

  /** Waits (bounded by attempts, not time) until the check passes. */
  const eventually = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200; i++) if (await check()) return
    throw new Error('condition never held')
  }

  it('serves the four kinds in rbac.authorization.k8s.io, as a real cluster lists them', async () => {
    const out = await ok(['api-resources', '--api-group=rbac.authorization.k8s.io', '--no-headers'])
    expect(out.split('\n').filter(Boolean).map((l) => l.split(/\s+/).join(' '))).toEqual([
      'clusterrolebindings rbac.authorization.k8s.io/v1 false ClusterRoleBinding',
      'clusterroles rbac.authorization.k8s.io/v1 false ClusterRole',
      'rolebindings rbac.authorization.k8s.io/v1 true RoleBinding',
      'roles rbac.authorization.k8s.io/v1 true Role'
    ])
  })

  it('has the default roles and the cluster-admin binding to system:masters', async () => {
    const role = JSON.parse(await ok(['get', 'clusterrole', 'cluster-admin', '-o', 'json']))
    expect(role.metadata.labels).toEqual({ 'kubernetes.io/bootstrapping': 'rbac-defaults' })
    expect(role.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' })
    expect(role.rules).toEqual([
      { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      { nonResourceURLs: ['*'], verbs: ['*'] }
    ])
    const binding = (await ok(['get', 'clusterrolebinding', 'cluster-admin', '-o', 'wide'])).split('\n')
    expect(binding[0].split(/\s{2,}/)).toEqual(['NAME', 'ROLE', 'AGE', 'USERS', 'GROUPS', 'SERVICEACCOUNTS'])
    expect(binding[1]).toMatch(/^cluster-admin\s+ClusterRole\/cluster-admin\s+\S+\s+system:masters\s*$/)
    const names = (await ok(['get', 'clusterroles', '-o', 'name'])).split('\n')
    for (const n of ['admin', 'edit', 'view', 'system:basic-user', 'system:discovery', 'system:public-info-viewer']) expect(names).toContain(`clusterrole.rbac.authorization.k8s.io/${n}`)
  })

  it('fills admin, edit and view from the aggregate-to roles, and from a labelled role added later', async () => {
    const rulesOf = async (name: string) => JSON.parse(await ok(['get', 'clusterrole', name, '-o', 'json'])).rules ?? []
    await eventually(async () => (await rulesOf('view')).length > 0)
    const view = await rulesOf('view')
    expect(view).toContainEqual({ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'watch'] })
    await eventually(async () => (await rulesOf('admin')).length > view.length)
    await ok(['create', 'clusterrole', 'lease-view', '--verb=get,list', '--resource=leases.coordination.k8s.io'])
    await ok(['label', 'clusterrole', 'lease-view', 'rbac.authorization.k8s.io/aggregate-to-view=true'])
    await eventually(async () => (await rulesOf('admin')).some((r: { resources?: string[] }) => r.resources?.includes('leases')))
    expect(await rulesOf('view')).toContainEqual({ apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'list'] })
  })

  it('kubectl create role and rolebinding, then can-i --as answers as RBAC does', async () => {
    await ok(['create', 'namespace', 'team'])
    await ok(['create', 'role', 'pod-reader', '-n', 'team', '--verb=get,list,watch', '--resource=pods,pods/log'])
    await ok(['create', 'rolebinding', 'jane-reads', '-n', 'team', '--role=pod-reader', '--user=jane', '--serviceaccount=team:bot'])
    const table = (await ok(['get', 'rolebinding', '-n', 'team', '-o', 'wide'])).split('\n')
    expect(table[1]).toMatch(/^jane-reads\s+Role\/pod-reader\s+\S+\s+jane\s+team:bot\s*$/)
    const canI = async (...args: string[]) => {
      const r = await k.run(['auth', 'can-i', ...args])
      return r.stdout.trim()
    }
    expect(await canI('list', 'pods', '-n', 'team', '--as=jane')).toBe('yes')
    expect(await canI('get', 'pods/log', '-n', 'team', '--as=jane')).toBe('yes')
    expect(await canI('delete', 'pods', '-n', 'team', '--as=jane')).toBe('no')
    expect(await canI('list', 'pods', '-n', 'default', '--as=jane')).toBe('no')
    expect(await canI('list', 'pods', '-n', 'team', '--as=system:serviceaccount:team:bot')).toBe('yes')
    expect(await canI('list', 'pods', '-n', 'team', '--as=system:serviceaccount:default:bot')).toBe('no')
    // Every authenticated user may discover the API and review itself.
    expect(await canI('get', '/api', '--as=jane')).toBe('yes')
    expect(await canI('create', 'selfsubjectaccessreviews.authorization.k8s.io', '--as=jane')).toBe('yes')
  })

  it('a request the user may not make is Forbidden with the apiserver message; one it may make succeeds', async () => {
    const denied = await k.run(['get', 'pods', '-n', 'default', '--as=jane'])
    expect(denied.code).toBe(1)
    expect(denied.stderr.trim()).toBe('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "default"')
    const nodes = await k.run(['get', 'nodes', '--as=jane'])
    expect(nodes.stderr.trim()).toBe('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" in API group "" at the cluster scope')
    const one = await k.run(['delete', 'role', 'pod-reader', '-n', 'team', '--as=jane'])
    expect(one.stderr.trim()).toBe(
      'Error from server (Forbidden): roles.rbac.authorization.k8s.io "pod-reader" is forbidden: User "jane" cannot delete resource "roles" in API group "rbac.authorization.k8s.io" in the namespace "team"'
    )
    const allowed = await k.run(['get', 'pods', '-n', 'team', '--as=jane'])
    expect([allowed.code, allowed.stderr]).toEqual([0, 'No resources found in team namespace.\n'])
  })

  it('a ClusterRole bound in a namespace grants it there; can-i --list shows the rules', async () => {
    await ok(['create', 'clusterrolebinding', 'ops-view', '--clusterrole=view', '--group=ops'])
    await ok(['create', 'rolebinding', 'qa-edit', '-n', 'team', '--clusterrole=edit', '--group=qa'])
    expect((await k.run(['auth', 'can-i', 'list', 'deployments.apps', '-A', '--as=sam', '--as-group=ops'])).stdout).toBe('yes\n')
    expect((await k.run(['auth', 'can-i', 'create', 'deployments.apps', '-n', 'team', '--as=kim', '--as-group=qa'])).stdout).toBe('yes\n')
    expect((await k.run(['auth', 'can-i', 'create', 'deployments.apps', '-n', 'default', '--as=kim', '--as-group=qa'])).stdout).toBe('no\n')
    const list = (await ok(['auth', 'can-i', '--list', '-n', 'team', '--as=jane'])).split('\n').map((l) => l.trim().split(/\s+/).join(' '))
    expect(list).toContain('pods [] [] [get list watch]')
    expect(list).toContain('pods/log [] [] [get list watch]')
    expect(list).not.toContain('*.* [] [] [*]')
  })

  it('validates rules, role references and subjects with the real messages, and keeps roleRef immutable', async () => {
    const bad = await k.run(['apply', '-f', '-'], 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r, namespace: team}\nrules:\n- verbs: []\n  resources: [pods]\n')
    expect(bad.stderr).toContain('rules[0].verbs: Required value: verbs must contain at least one value')
    expect(bad.stderr).toContain('rules[0].apiGroups: Required value: resource rules must supply at least one api group')
    const crb = await k.run(['create', '-f', '-'], 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nroleRef: {kind: Role, name: x, apiGroup: rbac.authorization.k8s.io}\nsubjects:\n- {kind: ServiceAccount, name: bot}\n')
    expect(crb.stderr).toContain('roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"')
    expect(crb.stderr).toContain('subjects[0].namespace: Required value')
    const moved = await k.run(['patch', 'rolebinding', 'jane-reads', '-n', 'team', '--type=merge', '-p', '{"roleRef":{"name":"other"}}'])
    expect(moved.stderr.trim()).toBe(
      'The RoleBinding "jane-reads" is invalid: roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"other"}: cannot change roleRef'
    )
  })
})
