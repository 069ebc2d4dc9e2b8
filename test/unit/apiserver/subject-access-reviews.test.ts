import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { Authorizer } from '../../../main/cluster/apiserver/rbac/authorizer'
import { storedRBACObjects } from '../../../main/cluster/apiserver/rbac/stored-objects'
import { answerSubjectAccessReviews } from '../../../main/cluster/apiserver/subject-access-reviews'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'

describe('SubjectAccessReview and LocalSubjectAccessReview', () => {
  let cluster: Cluster
  const sar = () => cluster.client.resource({ group: 'authorization.k8s.io', version: 'v1', resource: 'subjectaccessreviews' })
  const lsar = () => cluster.client.resource({ group: 'authorization.k8s.io', version: 'v1', resource: 'localsubjectaccessreviews' })
  const rbac = (resource: string) => cluster.client.resource({ group: 'rbac.authorization.k8s.io', version: 'v1', resource })
  const message = async (p: Promise<unknown>): Promise<string> => p.then(() => 'no error', (e: Error) => e.message)

  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
    answerSubjectAccessReviews(cluster.resources, new Authorizer(storedRBACObjects(cluster.resources)))
    await rbac('roles').create({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'pod-reader', namespace: 'default' }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }] } as KubeObject)
    await rbac('rolebindings').create({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'jane-reads-pods', namespace: 'default' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'pod-reader' },
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'jane' }]
    } as KubeObject)
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  const review = (spec: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject =>
    ({ apiVersion: 'authorization.k8s.io/v1', kind: 'SubjectAccessReview', metadata, spec }) as KubeObject

  it('asks the authorizer about the spec user, not the requester, and names the binding that allows', async () => {
    const allowed = await sar().create(review({ user: 'jane', resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } }))
    expect(allowed).toEqual({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SubjectAccessReview',
      metadata: { creationTimestamp: null },
      spec: { user: 'jane', resourceAttributes: { namespace: 'default', verb: 'list', resource: 'pods' } },
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "jane-reads-pods/default" of Role "pod-reader" to User "jane"' }
    })
    const denied = await sar().create(review({ user: 'jane', resourceAttributes: { namespace: 'default', verb: 'delete', resource: 'pods' } }))
    expect(denied.status).toEqual({ allowed: false })
    // Groups are taken as given: system:masters may do anything.
    const masters = await sar().create(review({ user: 'x', groups: ['system:masters'], nonResourceAttributes: { path: '/healthz', verb: 'get' } }))
    expect(masters.status).toEqual({ allowed: true })
  })

  it('validates as ValidateSubjectAccessReview', async () => {
    expect(await message(sar().create(review({ resourceAttributes: { verb: 'get' } })))).toContain('spec.user: Invalid value: "": at least one of user or group must be specified')
    expect(await message(sar().create(review({ user: 'jane' })))).toContain('spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified')
    expect(await message(sar().create(review({ user: 'jane', resourceAttributes: {}, nonResourceAttributes: {} })))).toContain(
      'spec.nonResourceAttributes: Invalid value: '
    )
    expect(await message(sar().create(review({ user: 'jane', resourceAttributes: {} }, { labels: { a: 'b' } })))).toContain('metadata: Invalid value: ')
  })

  it('answers a LocalSubjectAccessReview only about its own namespace and resource requests', async () => {
    const local = (spec: Record<string, unknown>) => ({ apiVersion: 'authorization.k8s.io/v1', kind: 'LocalSubjectAccessReview', metadata: { namespace: 'default' }, spec }) as KubeObject
    const answer = await lsar().create(local({ user: 'jane', resourceAttributes: { namespace: 'default', verb: 'get', resource: 'pods' } }))
    expect(answer.metadata).toEqual({ namespace: 'default', creationTimestamp: null })
    expect(answer.status).toMatchObject({ allowed: true })
    expect(await message(lsar().create(local({ user: 'jane', resourceAttributes: { namespace: 'kube-system', verb: 'get', resource: 'pods' } })))).toContain(
      'spec.resourceAttributes.namespace: Invalid value: "kube-system": must match metadata.namespace'
    )
    expect(await message(lsar().create(local({ user: 'jane', nonResourceAttributes: { path: '/healthz', verb: 'get' } })))).toContain(
      'spec.nonResourceAttributes: Invalid value: '
    )
  })
})
