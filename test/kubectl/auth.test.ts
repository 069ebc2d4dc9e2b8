import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * `kubectl auth`: whoami (SelfSubjectReview), can-i (SelfSubjectAccessReview)
 * and can-i --list (SelfSubjectRulesReview), all sent as protobuf bodies by
 * kubectl 1.32, answered as a kind cluster answers its admin (system:masters).
 */
describe.skipIf(!hasKubectl)('kubectl auth: whoami, can-i, can-i --list', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('whoami names the admin certificate user and its groups', async () => {
    const r = await k.run(['auth', 'whoami'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ATTRIBUTE   VALUE\nUsername    kubelab-admin\nGroups      [system:masters system:authenticated]\n')
    const review = JSON.parse((await k.run(['auth', 'whoami', '-o', 'json'])).stdout)
    expect(review).toMatchObject({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'] } }
    })
    expect(typeof review.metadata.creationTimestamp).toBe('string')
  })

  it('whoami --as names the impersonated user, in its groups and system:authenticated', async () => {
    const r = await k.run(['auth', 'whoami', '--as=jane', '--as-group=dev', '--as-group=qa'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe('ATTRIBUTE   VALUE\nUsername    jane\nGroups      [dev qa system:authenticated]\n')
  })

  it('can-i answers yes for resources, subresources, every verb and non-resource URLs', async () => {
    for (const args of [
      ['create', 'pods'],
      ['delete', 'deployments.apps', '-n', 'kube-system'],
      ['get', 'pods/log'],
      ['*', '*', '--all-namespaces'],
      ['get', '/healthz']
    ]) {
      const r = await k.run(['auth', 'can-i', ...args])
      expect({ args, code: r.code, stdout: r.stdout }).toEqual({ args, code: 0, stdout: 'yes\n' })
    }
  })

  it('can-i --list shows cluster-admin and the default roles of every authenticated user', async () => {
    const r = await k.run(['auth', 'can-i', '--list'])
    expect(r.code).toBe(0)
    const lines = r.stdout.split('\n').map((l) => l.trim().split(/\s+/).join(' '))
    expect(lines.slice(0, 6)).toEqual([
      'Resources Non-Resource URLs Resource Names Verbs',
      '*.* [] [] [*]',
      '[*] [] [*]',
      'selfsubjectreviews.authentication.k8s.io [] [] [create]',
      'selfsubjectaccessreviews.authorization.k8s.io [] [] [create]',
      'selfsubjectrulesreviews.authorization.k8s.io [] [] [create]'
    ])
    expect(lines).toContain('[/version/] [] [get]')
    expect(lines).toContain('[/openapi/*] [] [get]')
  })

  it('the reviews are create-only, and a review without attributes is Invalid as on a real apiserver', async () => {
    const get = await k.run(['get', 'selfsubjectaccessreviews'])
    expect(get.code).toBe(1)
    expect(get.stderr).toContain('(MethodNotAllowed)')
    const bad = await k.run(['create', '-f', '-'], 'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec: {}\n')
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('spec.resourceAttributes')
    expect(bad.stderr).toContain('exactly one of nonResourceAttributes or resourceAttributes must be specified')
    const resources = (await k.run(['api-resources', '--api-group=authorization.k8s.io', '--no-headers'])).stdout
    expect(resources.split('\n').filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual(['localsubjectaccessreviews', 'selfsubjectaccessreviews', 'selfsubjectrulesreviews', 'subjectaccessreviews'])
  })
})
