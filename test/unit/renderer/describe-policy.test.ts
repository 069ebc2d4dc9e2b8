import { describe, expect, it } from 'vitest'
import { describe as describeObject } from '../../../renderer/src/lib/describe'
import type { KubeObject } from '../../../preload/contract'

const status = (resource: string, o: KubeObject) => describeObject(resource, o, Date.parse('2026-11-27T06:00:00Z')).find((s) => s.title === 'Status')?.rows ?? []

describe('describe rows of the policy and access kinds', () => {
  it("a Role's rules as kubectl describe's PolicyRule table names them", () => {
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }, { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'], verbs: ['patch'] }] } as KubeObject
    expect(status('roles.rbac.authorization.k8s.io', role)).toEqual([
      { label: 'pods, pods/log', value: '[get list]', mono: true },
      { label: 'deployments.apps', value: '[patch] names [web]', mono: true }
    ])
  })

  it("a RoleBinding links its role and lists its subjects", () => {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'read-pods', namespace: 'default' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'User', name: 'jane' }, { kind: 'ServiceAccount', name: 'app', namespace: 'default' }] } as KubeObject
    expect(status('rolebindings.rbac.authorization.k8s.io', binding)).toEqual([
      { label: 'Role', value: 'ClusterRole/view', link: { resource: 'clusterroles.rbac.authorization.k8s.io', name: 'view' } },
      { label: 'User', value: 'jane', mono: true },
      { label: 'ServiceAccount', value: 'default/app', mono: true }
    ])
  })

  it("an autoscaler's target, metric as current / target, and replica bounds", () => {
    const hpa = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: 'default' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
      status: { currentReplicas: 2, desiredReplicas: 3, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 87, averageValue: '87m' } } }] }
    } as KubeObject
    expect(status('horizontalpodautoscalers.autoscaling', hpa)).toEqual([
      { label: 'Reference', value: 'Deployment/web', link: { resource: 'deployments.apps', namespace: 'default', name: 'web' } },
      { label: 'resource cpu on pods (as a percentage of request)', value: '87% / 50%', mono: true },
      { label: 'Min replicas', value: '1' },
      { label: 'Max replicas', value: '5' },
      { label: 'Deployment pods', value: '2 current / 3 desired' }
    ])
  })

  it('a quota shows used of hard per resource', () => {
    const quota = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'compute', namespace: 'team' }, spec: { hard: { pods: '2', 'requests.cpu': '1' } }, status: { hard: { pods: '2', 'requests.cpu': '1' }, used: { pods: '1', 'requests.cpu': '250m' } } } as KubeObject
    expect(status('resourcequotas', quota)).toEqual([
      { label: 'pods', value: '1 used of 2', mono: true },
      { label: 'requests.cpu', value: '250m used of 1', mono: true }
    ])
  })
})
