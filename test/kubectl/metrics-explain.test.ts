import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * `kubectl explain` of the aggregated metrics.k8s.io/v1beta1 kinds: the
 * /openapi/v3 index lists the group-version as it lists metrics-server's
 * document, and kubectl finds NodeMetrics and PodMetrics in it.
 */
describe.skipIf(!hasKubectl)('kubectl explain of metrics.k8s.io', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('the OpenAPI v3 index lists apis/metrics.k8s.io/v1beta1 with get and list paths of nodes and pods', async () => {
    const index = JSON.parse((await k.run(['get', '--raw', '/openapi/v3'])).stdout) as { paths: Record<string, { serverRelativeURL: string }> }
    expect(index.paths['apis/metrics.k8s.io/v1beta1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/metrics\.k8s\.io\/v1beta1\?hash=[0-9A-F]{128}$/)
    const doc = JSON.parse((await k.run(['get', '--raw', index.paths['apis/metrics.k8s.io/v1beta1'].serverRelativeURL])).stdout) as {
      paths: Record<string, Record<string, { operationId?: string }>>
    }
    const ops = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item).filter(([m]) => m !== 'parameters').map(([m, op]) => `${m} ${p} ${op.operationId}`))
    expect(ops.sort()).toEqual([
      'get /apis/metrics.k8s.io/v1beta1/ getMetricsV1beta1APIResources',
      'get /apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods listMetricsV1beta1NamespacedPodMetrics',
      'get /apis/metrics.k8s.io/v1beta1/namespaces/{namespace}/pods/{name} readMetricsV1beta1NamespacedPodMetrics',
      'get /apis/metrics.k8s.io/v1beta1/nodes listMetricsV1beta1NodeMetrics',
      'get /apis/metrics.k8s.io/v1beta1/nodes/{name} readMetricsV1beta1NodeMetrics',
      'get /apis/metrics.k8s.io/v1beta1/pods listMetricsV1beta1PodMetricsForAllNamespaces'
    ])
  })

  it('kubectl explain nodemetrics shows the kind and its fields with descriptions', async () => {
    const r = await k.run(['explain', 'nodemetrics'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^GROUP:\s+metrics\.k8s\.io\nKIND:\s+NodeMetrics\nVERSION:\s+v1beta1\n/)
    expect(r.stdout).toContain('DESCRIPTION:\n    NodeMetrics is the resource usage (CPU and memory) of a node')
    expect(r.stdout).toMatch(/^ {2}timestamp\t<string> -required-\n {4}When the usage was measured/m)
    expect(r.stdout).toMatch(/^ {2}usage\t<map\[string\]Quantity> -required-\n {4}The resources the node uses/m)
    expect(r.stdout).toMatch(/^ {2}window\t<string> -required-\n/m)
  })

  it('kubectl explain podmetrics.containers shows ContainerMetrics', async () => {
    const r = await k.run(['explain', 'podmetrics.containers'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^FIELD:\s+containers <\[\]ContainerMetrics>\n/m)
    expect(r.stdout).toContain('The usage of each container of the pod.')
    expect(r.stdout).toContain('ContainerMetrics is the resource usage of one container of a pod.')
    expect(r.stdout).toMatch(/^ {2}name\t<string> -required-\n {4}The name of the container/m)
    expect(r.stdout).toMatch(/^ {2}usage\t<map\[string\]Quantity> -required-\n/m)
  })
})
