import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * Warnings kubectl prints after a write the API accepted: Kubernetes' own
 * about pods and pod templates (pkg/api/pod/warnings.go), and Kubelab's
 * about a knob it cannot read (or a misspelt one), which has no effect.
 */
describe.skipIf(!hasKubectl)('kubectl: write warnings (pod specs, sim.kubelab.dev annotations)', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  const pod = (annotations: Record<string, string>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'knobs', annotations },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }
  })

  it('apply of a pod: one warning per unreadable or unknown knob; readable ones and the pod itself are taken', async () => {
    const r = await k.run(['apply', '-f', '-'], JSON.stringify(pod({ 'sim.kubelab.dev/memory-growth': '20Mi/s', 'sim.kubelab.dev/crash-afer': '5', 'sim.kubelab.dev/crash-after': '5s', 'sim.kubelab.dev/exit-code': '3' })))
    expect(r.code).toBe(0)
    expect(r.stdout).toBe('pod/knobs created\n')
    expect(r.stderr.split('\n').filter(Boolean).sort()).toEqual([
      'Warning: metadata.annotations[sim.kubelab.dev/crash-afer]: not one of Kubelab\'s pod annotations (sim.kubelab.dev/startup-delay, sim.kubelab.dev/readiness-delay, sim.kubelab.dev/crash-after, sim.kubelab.dev/exit-code, sim.kubelab.dev/cpu-usage, sim.kubelab.dev/memory-usage, sim.kubelab.dev/memory-growth, sim.kubelab.dev/cpu-per-request): it has no effect',
      'Warning: metadata.annotations[sim.kubelab.dev/crash-after]: Kubelab ignores "5s": not a non-negative number of seconds (such as 5 or 0.5)',
      'Warning: metadata.annotations[sim.kubelab.dev/memory-growth]: Kubelab ignores "20Mi/s": not a non-negative quantity (such as 1Mi)'
    ])
    const stored = JSON.parse((await k.run(['get', 'pod', 'knobs', '-o', 'json'])).stdout)
    expect(stored.metadata.annotations['sim.kubelab.dev/memory-growth']).toBe('20Mi/s')
  })

  it('an update warns only about what it changed; fixing the value is silent', async () => {
    const other = await k.run(['annotate', 'pod', 'knobs', 'team=web'])
    expect(other.stderr).toBe('')
    const fixed = await k.run(['annotate', 'pod', 'knobs', 'sim.kubelab.dev/memory-growth=20Mi', '--overwrite'])
    expect(fixed).toMatchObject({ code: 0, stderr: '' })
    const broken = await k.run(['annotate', 'pod', 'knobs', 'sim.kubelab.dev/exit-code=300', '--overwrite'])
    expect(broken.stderr).toBe('Warning: metadata.annotations[sim.kubelab.dev/exit-code]: Kubelab ignores "300": not an exit code from 0 to 255\n')
  })

  it('a Deployment\'s pod template, server-side applied, and a node\'s power', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' }, annotations: { 'sim.kubelab.dev/startup-delay': 'slow' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
      }
    }
    const applied = await k.run(['apply', '--server-side', '-f', '-'], JSON.stringify(deployment))
    expect(applied.stdout).toBe('deployment.apps/web serverside-applied\n')
    expect(applied.stderr).toBe('Warning: spec.template.metadata.annotations[sim.kubelab.dev/startup-delay]: Kubelab ignores "slow": not a non-negative number of seconds (such as 5 or 0.5)\n')
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'spare', annotations: { 'sim.kubelab.dev/power': 'of' } } }
    const created = await k.run(['create', '-f', '-'], JSON.stringify(node))
    expect(created.stderr).toBe('Warning: metadata.annotations[sim.kubelab.dev/power]: Kubelab ignores "of": not on or off\n')
    expect((await k.run(['annotate', 'node', 'spare', 'sim.kubelab.dev/power=OFF', '--overwrite'])).stderr).toBe('')
  })

  it('Kubernetes\' own: a Deployment asking for 128m of memory on a deprecated node label, a pod named like a domain', async () => {
    const deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api' },
      spec: {
        selector: { matchLabels: { app: 'api' } },
        template: {
          metadata: { labels: { app: 'api' } },
          spec: { nodeSelector: { 'beta.kubernetes.io/os': 'linux' }, containers: [{ name: 'api', image: 'nginx:1.27', resources: { requests: { memory: '128m' } } }] }
        }
      }
    }
    const created = await k.run(['apply', '-f', '-'], JSON.stringify(deployment))
    expect(created.stdout).toBe('deployment.apps/api created\n')
    expect(created.stderr).toBe(
      'Warning: spec.template.spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead\n' +
        'Warning: spec.template.spec.containers[0].resources.requests[memory]: fractional byte value "128m" is invalid, must be an integer\n'
    )
    // Scaling leaves the template (and the generation's meaning) alone: no warning again.
    expect((await k.run(['scale', 'deployment', 'api', '--replicas=2'])).stderr).toBe('')
    const named = await k.run(['apply', '-f', '-'], JSON.stringify({ ...pod({}), metadata: { name: 'my.pod' } }))
    expect(named.stdout).toBe('pod/my.pod created\n')
    expect(named.stderr).toMatch(/^Warning: metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: \[a lowercase RFC 1123 label must consist of/)
  })
})
