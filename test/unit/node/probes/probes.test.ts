import type { Container, Pod, Probe } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { PodWorker } from '../../../../main/cluster/node/kubelet/pod-worker'
import { checkProbe } from '../../../../main/cluster/node/kubelet/probes/probe-check'
import { createWorld } from '../../../../main/cluster/world'
import { FakeHost, boundPod } from '../fake-host'

/** A fake node whose containers live in a simulated world (ports, programs). */
class WorldHost extends FakeHost {
  readonly world = createWorld(this.clock)
}

const container: Container = { name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080 }] }
const pod: Pod = { metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: { containers: [container] } }
const world = createWorld({ now: () => 0 } as never)
world.commands.register('true', () => 0)
world.commands.register('cat', (ctx) => {
  ctx.stderr(`cat: can't open '${ctx.argv[1]}': No such file or directory\n`)
  return 1
})
const scope = (listening: number[]) => ({ pod, container, podIP: '10.244.1.5', listening: new Set(listening), commands: world.commands })

describe('probe attempts', () => {
  it('httpGet: connection refused on a port nothing listens on, with the kubelet text', async () => {
    const probe: Probe = { httpGet: { path: '/healthz', port: 8080 } }
    expect(await checkProbe(probe, scope([]))).toEqual({ ok: false, output: 'Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused' })
    expect((await checkProbe(probe, scope([8080]))).ok).toBe(true)
    expect((await checkProbe({ httpGet: { port: 'http', scheme: 'HTTPS', host: '127.0.0.1' } }, scope([]))).output).toBe('Get "https://127.0.0.1:8080/": dial tcp 127.0.0.1:8080: connect: connection refused')
  })

  it('tcpSocket and grpc', async () => {
    expect(await checkProbe({ tcpSocket: { port: 6379 } }, scope([]))).toEqual({ ok: false, output: 'dial tcp 10.244.1.5:6379: connect: connection refused' })
    expect((await checkProbe({ tcpSocket: { port: 'http' } }, scope([8080]))).ok).toBe(true)
    expect((await checkProbe({ grpc: { port: 9090 } }, scope([]))).output).toBe('timeout: failed to connect service "10.244.1.5:9090" within 1s: context deadline exceeded')
  })

  it('exec: the exit code of the program; a missing program fails as the runtime says', async () => {
    expect((await checkProbe({ exec: { command: ['true'] } }, scope([]))).ok).toBe(true)
    expect(await checkProbe({ exec: { command: ['cat', '/tmp/healthy'] } }, scope([]))).toEqual({ ok: false, output: "cat: can't open '/tmp/healthy': No such file or directory\n" })
    expect((await checkProbe({ exec: { command: ['/bin/healthcheck'] } }, scope([]))).output).toBe(
      'OCI runtime exec failed: exec failed: unable to start container process: exec: "/bin/healthcheck": executable file not found in $PATH: unknown'
    )
  })
})

async function live(p: Pod, ms: number, listen?: number[]): Promise<{ host: WorldHost; worker: PodWorker }> {
  const host = new WorldHost()
  host.images.add('nginx:1.27')
  const worker = new PodWorker(p.metadata!.uid!, p, host)
  host.worker = worker
  worker.start()
  // The runtime opens the container's ports as it starts (node/kubelet/container-world.ts in a real kubelet).
  if (listen) host.world.processes.started(p.metadata!.uid!, 'web', listen.map((port) => ({ port, protocol: 'TCP' })))
  await host.clock.step(ms)
  return { host, worker }
}

describe('probes in the pod lifecycle', () => {
  it('a readiness probe on a port nothing listens on keeps the container unready, with Unhealthy events each period', async () => {
    const p = boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } }] })
    const { host, worker } = await live(p, 30_000)
    const unhealthy = host.lines().filter((l) => l.includes('Unhealthy'))
    expect(unhealthy[0]).toBe('350 Warning Unhealthy: Readiness probe failed: Get "http://10.244.1.2:8080/ready": dial tcp 10.244.1.2:8080: connect: connection refused')
    expect(unhealthy.map((l) => Number(l.split(' ')[0]))).toEqual([350, 5350, 10350, 15350, 20350, 25350])
    expect(worker.status()!.containerStatuses![0]).toMatchObject({ ready: false, started: true, state: { running: {} } })
    expect(worker.status()!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady' })
  })

  it('a readiness probe that succeeds makes the container ready at its first attempt after initialDelaySeconds', async () => {
    const p = boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', readinessProbe: { tcpSocket: { port: 80 }, initialDelaySeconds: 3 } }] })
    const { host, worker } = await live(p, 10_000, [80])
    expect(worker.status()!.containerStatuses![0].ready).toBe(true)
    expect(host.lines().find((l) => l.includes('(ready,0)'))).toMatch(/^3350 /)
  })

  it('a failing liveness probe kills the container after failureThreshold attempts; it restarts with back-off', async () => {
    const p = boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }] })
    const { host, worker } = await live(p, 100_000)
    const lines = host.lines()
    expect(lines.filter((l) => l.includes('Liveness probe failed')).slice(0, 3).map((l) => Number(l.split(' ')[0]))).toEqual([350, 10350, 20350])
    expect(lines).toContain('20350 Normal Killing: Container web failed liveness probe, will be restarted')
    // Killed after three failures 10 s apart; restarted at once, then after 10 s of back-off, then 20 s.
    expect(lines.filter((l) => l.includes('Normal Started')).map((l) => Number(l.split(' ')[0]))).toEqual([350, 20500, 50650, 90800])
    expect(worker.status()!.containerStatuses![0]).toMatchObject({ restartCount: 3, lastState: { terminated: { reason: 'Completed', exitCode: 0 } } })
  })

  it('a startup probe holds liveness and readiness until it passes; failing, it restarts the container', async () => {
    const ok = boundPod('web', {
      containers: [{ name: 'web', image: 'nginx:1.27', startupProbe: { tcpSocket: { port: 80 }, periodSeconds: 2 }, readinessProbe: { tcpSocket: { port: 80 }, periodSeconds: 5 } }]
    })
    const passed = await live(ok, 20_000, [80])
    expect(passed.worker.status()!.containerStatuses![0]).toMatchObject({ started: true, ready: true, restartCount: 0 })
    const bad = boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', startupProbe: { tcpSocket: { port: 9999 }, periodSeconds: 2, failureThreshold: 2 } }] })
    const failed = await live(bad, 5_000)
    expect(failed.host.lines()).toContain('2350 Normal Killing: Container web failed startup probe, will be restarted')
    expect(failed.host.lines().filter((l) => l.includes('Startup probe failed'))[0]).toBe('350 Warning Unhealthy: Startup probe failed: dial tcp 10.244.1.2:9999: connect: connection refused')
  })
})
