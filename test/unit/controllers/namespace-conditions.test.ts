import { describe, expect, it } from 'vitest'
import type { NamespaceStatus } from 'kubernetes-types/core/v1'
import type { Mutable } from '../../../main/cluster/apimachinery/types'
import { problemConditions, updateConditions } from '../../../main/cluster/controllers/namespace/conditions'
import { namespacedResources } from '../../../main/cluster/controllers/namespace/resources'

const t1 = '2026-01-01T12:00:00Z'
const t2 = '2026-01-01T12:00:30Z'

describe('namespace deletion conditions', () => {
  it('describes remaining content and finalizers, sorted, as Kubernetes words it', () => {
    const problems = problemConditions(
      {
        remaining: new Map([
          ['pods.', 2],
          ['deployments.apps', 1],
          ['secrets.', 0]
        ]),
        finalizers: new Map([['example.com/hold', 3]]),
        errors: []
      },
      t1
    )
    expect(problems).toEqual([
      {
        type: 'NamespaceContentRemaining',
        status: 'True',
        lastTransitionTime: t1,
        reason: 'SomeResourcesRemain',
        message: 'Some resources are remaining: deployments.apps has 1 resource instances, pods. has 2 resource instances'
      },
      {
        type: 'NamespaceFinalizersRemaining',
        status: 'True',
        lastTransitionTime: t1,
        reason: 'SomeFinalizersRemain',
        message: 'Some content in the namespace has finalizers remaining: example.com/hold in 3 resource instances'
      }
    ])
  })

  it('reports deletion failures in one condition', () => {
    const [failure] = problemConditions({ remaining: new Map(), finalizers: new Map(), errors: ['b failed', 'a failed'] }, t1)
    expect(failure).toMatchObject({
      type: 'NamespaceDeletionContentFailure',
      reason: 'ContentDeletionFailed',
      message: 'Failed to delete all resource types, 2 remaining: a failed, b failed'
    })
  })

  it('writes every type, False when fine, and changes the transition time only on a change', () => {
    const status: Mutable<NamespaceStatus> = { phase: 'Terminating' }
    const remaining = problemConditions({ remaining: new Map([['pods.', 1]]), finalizers: new Map(), errors: [] }, t1)
    expect(updateConditions(status, remaining, t1)).toBe(true)
    expect(status.conditions?.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['NamespaceDeletionDiscoveryFailure', 'False', 'ResourcesDiscovered'],
      ['NamespaceDeletionGroupVersionParsingFailure', 'False', 'ParsedGroupVersions'],
      ['NamespaceDeletionContentFailure', 'False', 'ContentDeleted'],
      ['NamespaceContentRemaining', 'True', 'SomeResourcesRemain'],
      ['NamespaceFinalizersRemaining', 'False', 'ContentHasNoFinalizers']
    ])
    expect(updateConditions(status, problemConditions({ remaining: new Map([['pods.', 1]]), finalizers: new Map(), errors: [] }, t2), t2)).toBe(false)
    expect(updateConditions(status, [], t2)).toBe(true)
    const content = status.conditions?.find((c) => c.type === 'NamespaceContentRemaining')
    expect(content).toEqual({ type: 'NamespaceContentRemaining', status: 'False', lastTransitionTime: t2, reason: 'ContentRemoved', message: 'All content successfully removed' })
    expect(status.conditions?.find((c) => c.type === 'NamespaceDeletionDiscoveryFailure')?.lastTransitionTime).toBe(t1)
  })

  it('empties every served namespaced kind, and no cluster-scoped one', () => {
    const names = namespacedResources().map((r) => (r.group ? `${r.resource}.${r.group}` : r.resource))
    expect(names).toEqual(expect.arrayContaining(['pods', 'configmaps', 'secrets', 'events', 'replicasets.apps', 'deployments.apps', 'endpointslices.discovery.k8s.io']))
    expect(names).not.toContain('namespaces')
    expect(names).not.toContain('nodes')
  })
})
