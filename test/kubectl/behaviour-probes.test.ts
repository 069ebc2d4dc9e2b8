import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { nodeIpamComponent } from '../../main/cluster/controllers/node-ipam'
import { nodesComponent } from '../../main/cluster/node'
import { schedulerComponent } from '../../main/cluster/scheduler'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** OOMKilled containers and failing probes as `kubectl get` and `kubectl describe` show them. */
describe.skipIf(!hasKubectl)('kubectl: OOMKilled, CrashLoopBackOff and probes', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [nodeIpamComponent, nodesComponent, schedulerComponent] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  const apply = async (manifest: unknown): Promise<void> => {
    const r = await k.run(['apply', '-f', '-'], JSON.stringify(manifest))
    expect(r.stderr).toBe('')
  }

  it('describe pod shows Last State OOMKilled (137), the restarts and the BackOff event; get pods shows CrashLoopBackOff', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'leaky', annotations: { 'sim.kubelab.dev/memory-usage': '20Mi', 'sim.kubelab.dev/memory-growth': '4Mi' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', resources: { limits: { memory: '32Mi' } } }] }
    })
    const described = await waitFor(async () => {
      const out = (await k.run(['describe', 'pod', 'leaky'])).stdout
      return /Back-off restarting failed container app in pod leaky_default/.test(out) && /Restart Count:\s+[2-9]/.test(out) ? out : undefined
    }, 'a crash loop', 30_000)
    expect(described).toMatch(/Last State:\s+Terminated\n\s+Reason:\s+OOMKilled\n\s+Exit Code:\s+137/)
    expect(described).toMatch(/Limits:\n\s+memory:\s+32Mi/)
    expect(described).toMatch(/Warning\s+BackOff\s+.*kubelet\s+Back-off restarting failed container app in pod leaky_default\(/)
    const listed = await waitFor(async () => {
      const out = (await k.run(['get', 'pod', 'leaky'])).stdout
      return /leaky\s+0\/1\s+(CrashLoopBackOff|OOMKilled)\s+\d+/.test(out) ? out : undefined
    }, 'CrashLoopBackOff or OOMKilled in the STATUS column', 30_000)
    expect(listed).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE/)
  })

  it('describe pod shows the probes and the Unhealthy events with the kubelet texts', async () => {
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'probed' },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1.27',
            readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 80 }, periodSeconds: 10 }
          }
        ]
      }
    })
    const described = await waitFor(async () => {
      await k.cluster.clock.sleep(10_000)
      const out = (await k.run(['describe', 'pod', 'probed'])).stdout
      return /Readiness probe failed/.test(out) ? out : undefined
    }, 'Unhealthy event', 30_000)
    const ip = /^IP:\s+(\S+)$/m.exec(described)![1]
    expect(described).toMatch(/Liveness:\s+tcp-socket :80 delay=0s timeout=1s period=10s #success=1 #failure=3/)
    expect(described).toMatch(/Readiness:\s+http-get http:\/\/:8080\/ready delay=0s timeout=1s period=5s #success=1 #failure=3/)
    expect(described).toContain(`Readiness probe failed: Get "http://${ip}:8080/ready": dial tcp ${ip}:8080: connect: connection refused`)
    expect(described).toMatch(/Ready:\s+False/)
    expect(described).not.toContain('Liveness probe failed')
    expect((await k.run(['get', 'pod', 'probed'])).stdout).toMatch(/probed\s+0\/1\s+Running\s+0\s+/)
  })
})
