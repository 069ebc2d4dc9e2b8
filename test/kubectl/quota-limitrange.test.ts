import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'
import { resourceQuotaComponent } from '../../main/cluster/controllers/resource-quota'

/**
 * ResourceQuota and LimitRange through kubectl, as the namespaces tutorials
 * use them: the quota controller counting, quota admission refusing the pod
 * past the cap, LimitRanger defaulting containers and refusing ones out of range.
 */
describe.skipIf(!hasKubectl)('kubectl, ResourceQuota and LimitRange', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [resourceQuotaComponent] })
    await k.run(['create', 'namespace', 'q'])
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const ok = expectOk(() => k)
  const eventually = async (check: () => Promise<boolean>): Promise<void> => {
    for (let i = 0; i < 200; i++) if (await check()) return
    throw new Error('condition never held')
  }
  const pod = (name: string, resources = '') =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: q}\nspec:\n  containers:\n  - name: app\n    image: nginx${resources ? `\n    resources: ${resources}` : ''}\n`

  it('kubectl create quota; the controller fills status; get quota prints used/hard', async () => {
    await ok(['create', 'quota', 'compute', '-n', 'q', '--hard=pods=2,requests.cpu=1,limits.memory=1Gi'])
    await eventually(async () => JSON.parse(await ok(['get', 'quota', 'compute', '-n', 'q', '-o', 'json'])).status?.used !== undefined)
    const q = JSON.parse(await ok(['get', 'quota', 'compute', '-n', 'q', '-o', 'json']))
    expect(q.status).toEqual({ hard: { pods: '2', 'requests.cpu': '1', 'limits.memory': '1Gi' }, used: { pods: '0', 'requests.cpu': '0', 'limits.memory': '0' } })
    const table = (await ok(['get', 'quota', '-n', 'q'])).split('\n')
    expect(table[0].split(/\s{2,}/)).toEqual(['NAME', 'AGE', 'REQUEST', 'LIMIT'])
    expect(table[1]).toMatch(/^compute\s+\S+\s+pods: 0\/2, requests\.cpu: 0\/1\s+limits\.memory: 0\/1Gi$/)
  })

  it('a pod must state what the quota caps, and the pod past the cap is refused with the real message', async () => {
    const bare = await k.run(['apply', '-f', '-'], pod('bare'))
    expect(bare.stderr.trim()).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "bare" is forbidden: failed quota: compute: must specify limits.memory for: app; requests.cpu for: app'
    )
    const res = '{requests: {cpu: 100m}, limits: {memory: 64Mi}}'
    await ok(['apply', '-f', '-'], pod('one', res))
    await ok(['apply', '-f', '-'], pod('two', res))
    const third = await k.run(['apply', '-f', '-'], pod('three', res))
    expect(third.stderr.trim()).toBe(
      'Error from server (Forbidden): error when creating "STDIN": pods "three" is forbidden: exceeded quota: compute, requested: pods=1, used: pods=2, limited: pods=2'
    )
    await eventually(async () => (await ok(['get', 'quota', 'compute', '-n', 'q', '-o', 'jsonpath={.status.used}'])) === '{"limits.memory":"128Mi","pods":"2","requests.cpu":"200m"}')
    await ok(['delete', 'pod', 'two', '-n', 'q'])
    await eventually(async () => (await ok(['get', 'quota', 'compute', '-n', 'q', '-o', 'jsonpath={.status.used.pods}'])) === '1')
    await ok(['apply', '-f', '-'], pod('three', res))
  })

  it('LimitRange: defaults and limits per container, with the real messages', async () => {
    await ok(['delete', 'quota', 'compute', '-n', 'q'])
    await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: mem, namespace: q}\nspec:\n  limits:\n  - type: Container\n    max: {memory: 1Gi}\n    min: {memory: 10Mi}\n    defaultRequest: {memory: 64Mi}\n')
    const lr = JSON.parse(await ok(['get', 'limits', 'mem', '-n', 'q', '-o', 'json']))
    expect(lr.spec.limits[0]).toEqual({ type: 'Container', max: { memory: '1Gi' }, min: { memory: '10Mi' }, default: { memory: '1Gi' }, defaultRequest: { memory: '64Mi' } })
    await ok(['apply', '-f', '-'], pod('defaulted'))
    const p = JSON.parse(await ok(['get', 'pod', 'defaulted', '-n', 'q', '-o', 'json']))
    expect(p.spec.containers[0].resources).toEqual({ requests: { memory: '64Mi' }, limits: { memory: '1Gi' } })
    expect(p.metadata.annotations['kubernetes.io/limit-ranger']).toBe('LimitRanger plugin set: memory request for container app; memory limit for container app')
    const big = await k.run(['apply', '-f', '-'], pod('big', '{limits: {memory: 2Gi}}'))
    expect(big.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "big" is forbidden: maximum memory usage per Container is 1Gi, but limit is 2Gi')
    const bad = await k.run(['apply', '-f', '-'], 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: bad, namespace: q}\nspec:\n  limits:\n  - type: Container\n    max: {cpu: "1"}\n    min: {cpu: "2"}\n')
    expect(bad.stderr).toContain('spec.limits[0].min[cpu]: Invalid value: "2": min value 2 is greater than max value 1')
  })
})
