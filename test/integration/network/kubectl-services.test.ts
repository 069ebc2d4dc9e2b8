import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from '../../kubectl/support/kubectl'
import { ensureKubernetesService } from '../../../main/cluster/network/kubernetes-service'

/** Real kubectl 1.32 sees allocated ClusterIPs and node ports. */
describe.skipIf(!hasKubectl)('kubectl get svc shows allocated addresses and ports', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
    await ensureKubernetesService(k.cluster.client, k.cluster.config)
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('the kubernetes Service has 10.96.0.1', async () => {
    const r = await k.run(['get', 'svc', 'kubernetes'])
    expect(r.stderr).toBe('')
    expect(r.stdout).toMatch(/^kubernetes\s+ClusterIP\s+10\.96\.0\.1\s+<none>\s+443\/TCP\s+/m)
  })

  it('a NodePort Service shows its CLUSTER-IP and 80:3xxxx/TCP', async () => {
    const c = await k.run(['create', 'service', 'nodeport', 'web', '--tcp=80:8080'])
    expect(c.stdout).toBe('service/web created\n')
    const r = await k.run(['get', 'svc', 'web'])
    expect(r.stdout).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/m)
    expect(r.stdout).toMatch(/^web\s+NodePort\s+10\.(9[6-9]|10\d|11[01])\.\d+\.\d+\s+<none>\s+80:3\d{4}\/TCP\s+/m)
  })

  it('a taken clusterIP is refused with the apiserver message', async () => {
    const r = await k.run(['create', 'service', 'clusterip', 'dup', '--tcp=80', '--clusterip=10.96.0.1'])
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: failed to allocate IP 10.96.0.1: provided IP is already allocated')
  })
})
