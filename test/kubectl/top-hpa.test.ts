import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** `kubectl top` (metrics.k8s.io from the behaviour model) and `kubectl autoscale` / `get hpa` / `describe hpa`. */
describe.skipIf(!hasKubectl)('kubectl top and HPA', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  async function runningPods(selector: string, n: number): Promise<void> {
    await waitFor(async () => {
      const r = await k.run(['get', 'pods', '-l', selector, '-o', 'jsonpath={range .items[*]}{.status.phase}{"\\n"}{end}'])
      const phases = r.stdout.trim().split('\n').filter(Boolean)
      return phases.length === n && phases.every((p) => p === 'Running')
    }, `${n} running pods ${selector}`, 30_000)
  }

  it('kubectl top pods shows each pod CPU(cores) and MEMORY(bytes) from the behaviour model', async () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'busy', labels: { app: 'busy' }, annotations: { 'sim.kubelab.dev/cpu-usage': '150m', 'sim.kubelab.dev/memory-usage': '40Mi' } },
      spec: { containers: [{ name: 'web', image: 'nginx:1.27', resources: { requests: { cpu: '200m' } } }] }
    }
    expect((await k.run(['apply', '-f', '-'], JSON.stringify(manifest))).code).toBe(0)
    await runningPods('app=busy', 1)
    const r = await k.run(['top', 'pods'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\s*$/m)
    expect(r.stdout).toMatch(/^busy\s+150m\s+40Mi\s*$/m)
    const containers = await k.run(['top', 'pods', 'busy', '--containers'])
    expect(containers.stdout).toMatch(/^busy\s+web\s+150m\s+40Mi\s*$/m)
    const selected = await k.run(['top', 'pods', '-l', 'app=nothing'])
    expect(selected.stderr).toContain('No resources found in default namespace.')
    const system = await k.run(['top', 'pods', '-n', 'kube-system'])
    expect(system.stdout).toMatch(/^kube-apiserver-kubelab-control-plane\s+\d+m\s+\d+Mi\s*$/m)
  })

  it('kubectl top nodes shows CPU and memory with their share of allocatable', async () => {
    const r = await k.run(['top', 'nodes'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(\(%\)|%)\s+MEMORY\(bytes\)\s+MEMORY(\(%\)|%)\s*$/m)
    for (const node of ['kubelab-control-plane', 'kubelab-worker', 'kubelab-worker2', 'kubelab-worker3']) {
      expect(r.stdout).toMatch(new RegExp(`^${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%\\s*$`, 'm'))
    }
  })

  it('kubectl autoscale rc, get hpa (TARGETS cpu: N%/50%) and describe hpa', async () => {
    const rc = {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'php-apache' },
      spec: {
        replicas: 1,
        selector: { run: 'php-apache' },
        template: {
          metadata: { labels: { run: 'php-apache' }, annotations: { 'sim.kubelab.dev/cpu-usage': '24m' } },
          spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '200m' } } }] }
        }
      }
    }
    expect((await k.run(['apply', '-f', '-'], JSON.stringify(rc))).code).toBe(0)
    await runningPods('run=php-apache', 1)
    const created = await k.run(['autoscale', 'rc', 'php-apache', '--min=1', '--max=5', '--cpu-percent=50'])
    expect(created.stderr).toBe('')
    expect(created.stdout).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n')
    // The pod's 24m of 200m is 12%; the HPA counts a new pod once it has been ready for a metrics window (30 s).
    const listed = await waitFor(async () => {
      await k.cluster.clock.sleep(15_000)
      const r = await k.run(['get', 'hpa'])
      return /cpu: 12%\/50%/.test(r.stdout) ? r.stdout : undefined
    }, 'TARGETS cpu: 12%/50%', 30_000)
    expect(listed).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE\s*$/m)
    expect(listed).toMatch(/^php-apache\s+ReplicationController\/php-apache\s+cpu: 12%\/50%\s+1\s+5\s+1\s+\S+\s*$/m)
    const v1 = JSON.parse((await k.run(['get', '--raw', '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/php-apache'])).stdout)
    expect(v1.status).toMatchObject({ currentReplicas: 1, desiredReplicas: 1, currentCPUUtilizationPercentage: 12 })
    const described = (await k.run(['describe', 'hpa', 'php-apache'])).stdout
    expect(described).toMatch(/^Reference:\s+ReplicationController\/php-apache$/m)
    expect(described).toMatch(/resource cpu on pods\s+\(as a percentage of request\):\s+12% \(24m\) \/ 50%/)
    expect(described).toMatch(/^Min replicas:\s+1$/m)
    expect(described).toMatch(/^Max replicas:\s+5$/m)
    expect(described).toMatch(/^ReplicationController pods:\s+1 current \/ 1 desired$/m)
    expect(described).toMatch(/AbleToScale\s+True\s+ReadyForNewScale\s+recommended size matches current size/)
    expect(described).toMatch(/ScalingActive\s+True\s+ValidMetricFound\s+the HPA was able to successfully calculate a replica count from cpu resource utilization \(percentage of request\)/)
    expect(described).toMatch(/ScalingLimited\s+False\s+DesiredWithinRange\s+the desired count is within the acceptable range/)
  }, 90_000)
})
