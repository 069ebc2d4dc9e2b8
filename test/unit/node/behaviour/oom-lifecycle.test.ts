import { describe, expect, it } from 'vitest'
import { PodWorker } from '../../../../main/cluster/node/kubelet/pod-worker'
import { FakeHost, boundPod } from '../fake-host'

describe('OOMKilled containers (behaviour model in the kubelet stages)', () => {
  it('memory growing past the limit is OOMKilled (137) and restarted with CrashLoopBackOff back-off', async () => {
    const pod = boundPod(
      'leaky',
      { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent', resources: { limits: { memory: '20Mi' } } }] },
      { 'sim.kubelab.dev/memory-usage': '10Mi', 'sim.kubelab.dev/memory-growth': '1Mi' }
    )
    const host = new FakeHost()
    host.images.add('nginx:1.27')
    const worker = new PodWorker(pod.metadata!.uid!, pod, host)
    host.worker = worker
    worker.start()
    await host.clock.step(200_000)
    const lines = host.lines()
    const starts = lines.filter((l) => l.includes('Normal Started')).map((l) => Number(l.split(' ')[0]))
    // Each instance lives 10 s (10 Mi to grow at 1 Mi/s), then waits 0, 10, 20, 40 s to restart (plus 150 ms to create and start).
    const waits = starts.slice(1).map((t, i) => t - (starts[i] + 10_000) - 150)
    expect(waits.slice(0, 4)).toEqual([0, 10_000, 20_000, 40_000])
    expect(lines).toContain(`${starts[0] + 10_000} Running ip=10.244.1.2 [PodReadyToStartContainers Initialized PodScheduled] web=terminated:OOMKilled:137(unready,0)`)
    expect(lines.filter((l) => l.includes('Warning BackOff')).at(0)).toContain('Back-off restarting failed container web in pod leaky_default(uid-leaky)')
    expect(lines.some((l) => l.includes('web=waiting:CrashLoopBackOff'))).toBe(true)
    const status = worker.status()!
    const web = status.containerStatuses![0]
    expect(web.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 })
  })

  it('a container under its limit keeps running', async () => {
    const pod = boundPod('steady', { containers: [{ name: 'web', image: 'nginx:1.27', resources: { limits: { memory: '64Mi' } } }] }, { 'sim.kubelab.dev/memory-usage': '10Mi' })
    const host = new FakeHost()
    const worker = new PodWorker(pod.metadata!.uid!, pod, host)
    host.worker = worker
    worker.start()
    await host.clock.step(600_000)
    expect(worker.status()!.containerStatuses![0]).toMatchObject({ restartCount: 0, state: { running: {} } })
  })
})
