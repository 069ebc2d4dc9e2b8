import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'

/**
 * PriorityClass through kubectl: the two system classes the apiserver
 * creates, `kubectl create priorityclass`, the reserved names, and Priority
 * admission giving pods their class's value.
 */
describe.skipIf(!hasKubectl)('kubectl and PriorityClass', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const ok = expectOk(() => k)
  const rows = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).join('|'))
  const pod = (name: string, extra = '') => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}}\nspec:\n  containers: [{name: app, image: nginx}]\n${extra}`

  it('serves the system classes, and kubectl create priorityclass makes one that get pc prints', async () => {
    expect(await ok(['create', 'priorityclass', 'high', '--value=1000', '--description=important', '--preemption-policy=Never'])).toBe('priorityclass.scheduling.k8s.io/high created\n')
    expect(rows(await ok(['get', 'pc']))).toEqual([
      'NAME|VALUE|GLOBAL-DEFAULT|AGE|PREEMPTIONPOLICY',
      'high|1000|false|0s|Never',
      'system-cluster-critical|2000000000|false|0s|PreemptLowerPriority',
      'system-node-critical|2000001000|false|0s|PreemptLowerPriority'
    ])
  })

  it('pods get the value and policy of their class, 0 without one, and are refused for a class that does not exist', async () => {
    await ok(['apply', '-f', '-'], pod('p1', '  priorityClassName: high\n'))
    expect(JSON.parse(await ok(['get', 'pod', 'p1', '-o', 'json'])).spec).toMatchObject({ priority: 1000, preemptionPolicy: 'Never' })
    await ok(['apply', '-f', '-'], pod('p2'))
    expect(JSON.parse(await ok(['get', 'pod', 'p2', '-o', 'json'])).spec).toMatchObject({ priority: 0, preemptionPolicy: 'PreemptLowerPriority' })
    const missing = await k.run(['apply', '-f', '-'], pod('p3', '  priorityClassName: nope\n'))
    expect(missing.stderr.trim()).toBe('Error from server (Forbidden): error when creating "STDIN": pods "p3" is forbidden: no PriorityClass with name nope was found')
    const forced = await k.run(['apply', '-f', '-'], pod('p4', '  priorityClassName: high\n  priority: 5\n'))
    expect(forced.stderr).toContain('the integer value of priority (5) must not be provided in pod spec; priority admission controller computed 1000 from the given PriorityClass name')
  })

  it('reserves system- names and caps user values; one global default; the value never changes', async () => {
    const sys = await k.run(['create', 'priorityclass', 'system-mine', '--value=10'])
    expect(sys.stderr).toContain("metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class")
    const big = await k.run(['create', 'priorityclass', 'huge', '--value=1000000001'])
    expect(big.stderr).toContain('value: Forbidden: maximum allowed value of a user defined priority is 1000000000')
    await ok(['create', 'priorityclass', 'default-low', '--value=10', '--global-default=true'])
    const second = await k.run(['create', 'priorityclass', 'default-two', '--value=20', '--global-default=true'])
    expect(second.stderr.trim()).toBe('error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "default-two" is forbidden: PriorityClass default-low is already marked as default. Only one default can exist')
    await ok(['apply', '-f', '-'], pod('p5'))
    expect(JSON.parse(await ok(['get', 'pod', 'p5', '-o', 'json'])).spec).toMatchObject({ priorityClassName: 'default-low', priority: 10 })
    const changed = await k.run(['patch', 'pc', 'high', '--type=merge', '-p', '{"value":7}'])
    expect(changed.stderr).toContain('value: Forbidden: may not be changed in an update.')
  })
})
