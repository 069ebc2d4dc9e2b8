import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { PodWorker } from '../../../main/cluster/node/kubelet/pod-worker'
import { containerStages, podStages } from '../../../main/cluster/node/kubelet/stages'
import { FakeHost, boundPod, t0 } from './fake-host'

/** Runs a pod on a fresh fake node for ms of cluster time; returns the host (timeline) and the worker. */
async function live(pod: Pod, ms: number, setup?: (host: FakeHost) => void): Promise<{ host: FakeHost; worker: PodWorker }> {
  const host = new FakeHost()
  setup?.(host)
  const worker = new PodWorker(pod.metadata!.uid!, pod, host)
  host.worker = worker
  worker.start()
  await host.clock.step(ms)
  return { host, worker }
}

function deleting(pod: Pod, at: number, grace: number): Pod {
  return { ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(t0 + at + grace * 1000).toISOString(), deletionGracePeriodSeconds: grace } }
}

// The pull time of nginx:1.27 is fixed by its name: 1.7 s with the default timings.
const simplePodGolden = [
  '0 Pending ip=- [Initialized PodScheduled] web=waiting:ContainerCreating(unready,0)',
  '200 Normal Pulling: Pulling image "nginx:1.27"',
  '1900 Normal Pulled: Successfully pulled image "nginx:1.27" in 1.7s (1.7s including waiting). Image size: 72099410 bytes.',
  '1950 Normal Created: Created container: web',
  '2050 Normal Started: Started container web',
  '2050 Running ip=10.244.1.2 [PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled] web=running(ready,0)'
]

describe('pod lifecycle stages (golden sequences)', () => {
  it('a simple pod: admitted, sandbox and IP, pull, create, start, Running and Ready', async () => {
    const { host, worker } = await live(boundPod('web'), 10_000)
    expect(host.lines()).toEqual(simplePodGolden)
    const status = worker.status()!
    expect(status).toMatchObject({
      phase: 'Running',
      hostIP: '172.18.0.3',
      hostIPs: [{ ip: '172.18.0.3' }],
      podIP: '10.244.1.2',
      podIPs: [{ ip: '10.244.1.2' }],
      qosClass: 'BestEffort',
      startTime: '2025-01-01T00:00:00Z'
    })
    expect(status.conditions!.map((c) => [c.type, c.status, c.lastTransitionTime])).toEqual([
      // The sandbox came up during the same runtime pass as the container: the status that shows it is the one after the start.
      ['PodReadyToStartContainers', 'True', '2025-01-01T00:00:02Z'],
      ['Initialized', 'True', '2025-01-01T00:00:00Z'],
      ['Ready', 'True', '2025-01-01T00:00:02Z'],
      ['ContainersReady', 'True', '2025-01-01T00:00:02Z'],
      ['PodScheduled', 'True', '2025-01-01T00:00:00Z']
    ])
    const [web] = status.containerStatuses!
    expect(web).toMatchObject({
      name: 'web',
      image: 'docker.io/library/nginx:1.27',
      ready: true,
      started: true,
      restartCount: 0,
      lastState: {},
      state: { running: { startedAt: '2025-01-01T00:00:02Z' } }
    })
    expect(web.imageID).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/)
    expect(web.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/)
    expect(host.images.has('nginx:1.27')).toBe(true)
  })

  it('is deterministic: the same pod lives the same life, IDs included', async () => {
    const a = await live(boundPod('web'), 10_000)
    const b = await live(boundPod('web'), 10_000)
    expect(b.host.timeline).toEqual(a.host.timeline)
  })

  it('does not pull an image the node has (IfNotPresent)', async () => {
    const { host } = await live(boundPod('web'), 10_000, (h) => h.images.add('nginx:1.27'))
    expect(host.lines().filter((l) => l.includes('Normal'))).toEqual([
      '200 Normal Pulled: Container image "nginx:1.27" already present on machine',
      '250 Normal Created: Created container: web',
      '350 Normal Started: Started container web'
    ])
  })

  it('pulls anyway with imagePullPolicy Always, and refuses with Never when the image is missing', async () => {
    const always = await live(boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Always' }] }), 10_000, (h) => h.images.add('nginx:1.27'))
    expect(always.host.lines()[1]).toBe('200 Normal Pulling: Pulling image "nginx:1.27"')
    const never = await live(boundPod('web', { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Never' }] }), 10_000)
    expect(never.host.lines().slice(-2)).toEqual([
      '200 Warning ErrImageNeverPull: Container image "nginx:1.27" is not present with pull policy of Never',
      '200 Pending ip=10.244.1.2 [PodReadyToStartContainers Initialized PodScheduled] web=waiting:ErrImageNeverPull(unready,0)'
    ])
  })

  it('runs init containers to completion, one at a time, before the app containers', async () => {
    const pod = boundPod('app', { initContainers: [{ name: 'setup', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }] })
    const { host } = await live(pod, 20_000, (h) => h.images.add('busybox:1.36'))
    expect(host.lines()).toEqual([
      '0 Pending ip=- [PodScheduled] init:setup=waiting:PodInitializing(unready,0) web=waiting:PodInitializing(unready,0)',
      '200 Normal Pulled: Container image "busybox:1.36" already present on machine',
      '250 Normal Created: Created container: setup',
      '350 Normal Started: Started container setup',
      '350 Pending ip=10.244.1.2 [PodReadyToStartContainers PodScheduled] init:setup=running(unready,0) web=waiting:PodInitializing(unready,0)',
      '1350 Normal Pulling: Pulling image "nginx:1.27"',
      '1350 Pending ip=10.244.1.2 [PodReadyToStartContainers Initialized PodScheduled] init:setup=terminated:Completed:0(ready,0) web=waiting:PodInitializing(unready,0)',
      '3050 Normal Pulled: Successfully pulled image "nginx:1.27" in 1.7s (1.7s including waiting). Image size: 72099410 bytes.',
      '3100 Normal Created: Created container: web',
      '3200 Normal Started: Started container web',
      '3200 Running ip=10.244.1.2 [PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled] init:setup=terminated:Completed:0(ready,0) web=running(ready,0)'
    ])
  })

  it('starts a pod with several containers one container at a time, in spec order', async () => {
    const pod = boundPod('two', {
      containers: [
        { name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent' },
        { name: 'sidecar', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }
      ]
    })
    const { host, worker } = await live(pod, 10_000, (h) => (h.images.add('nginx:1.27'), h.images.add('busybox:1.36')))
    expect(host.lines().filter((l) => l.includes('Normal')).map((l) => l.replace(/^\d+ /, ''))).toEqual([
      'Normal Pulled: Container image "nginx:1.27" already present on machine',
      'Normal Created: Created container: web',
      'Normal Started: Started container web',
      'Normal Pulled: Container image "busybox:1.36" already present on machine',
      'Normal Created: Created container: sidecar',
      'Normal Started: Started container sidecar'
    ])
    // Container statuses are sorted by name, as the kubelet sorts them.
    expect(worker.status()!.containerStatuses!.map((c) => c.name)).toEqual(['sidecar', 'web'])
  })

  it('honours the startup and readiness delay annotations', async () => {
    const pod = boundPod('slow', {}, { 'sim.kubelab.dev/startup-delay': '2', 'sim.kubelab.dev/readiness-delay': '3' })
    const { host } = await live(pod, 20_000, (h) => h.images.add('nginx:1.27'))
    expect(host.lines().slice(-3)).toEqual([
      '2250 Normal Started: Started container web',
      '2250 Running ip=10.244.1.2 [PodReadyToStartContainers Initialized PodScheduled] web=running(unready,0)',
      '5250 Running ip=10.244.1.2 [PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled] web=running(ready,0)'
    ])
  })

  it('restarts a crashing container at once, then with CrashLoopBackOff: 10 s, 20 s, 40 s, 80 s', async () => {
    const pod = boundPod('web', {}, { 'sim.kubelab.dev/crash-after': '5', 'sim.kubelab.dev/exit-code': '2' })
    const { host, worker } = await live(pod, 200_000, (h) => h.images.add('nginx:1.27'))
    const lines = host.lines()
    // When the k-th instance crashed: the first status showing it exited (or backing off) with k restarts.
    const crashedAt = (k: number) => Number(lines.find((l) => new RegExp(`web=(terminated:Error:2|waiting:CrashLoopBackOff)\\(unready,${k}\\)`).test(l))!.split(' ')[0])
    const starts = lines.filter((l) => l.includes('Started container web')).map((l) => Number(l.split(' ')[0]))
    // Each restart waits its back-off counted from the crash (then 150 ms to create and start); each instance runs 5 s.
    expect([0, 1, 2, 3, 4].map((k) => (starts[k + 1] - 150 - crashedAt(k)) / 1000)).toEqual([0, 10, 20, 40, 80])
    expect(lines.find((l) => l.includes('BackOff'))).toMatch(/^\d+ Warning BackOff: Back-off restarting failed container web in pod web_default\(uid-web\)$/)
    expect(lines.some((l) => /web=waiting:CrashLoopBackOff\(unready,1\)/.test(l))).toBe(true)
    const status = worker.status()!.containerStatuses![0]
    expect(status.lastState?.terminated).toMatchObject({ exitCode: 2, reason: 'Error' })
    expect(status.state?.waiting).toEqual({ reason: 'CrashLoopBackOff', message: 'back-off 2m40s restarting failed container=web pod=web_default(uid-web)' })
    expect(status.restartCount).toBe(5)
  })

  it('ends restartPolicy Never pods Succeeded or Failed by exit code, and frees their IP', async () => {
    const ok = await live(boundPod('job', { restartPolicy: 'Never' }, { 'sim.kubelab.dev/crash-after': '3', 'sim.kubelab.dev/exit-code': '0' }), 20_000)
    expect(ok.host.lines().at(-1)).toBe('5050 Succeeded ip=10.244.1.2 [Initialized PodScheduled] web=terminated:Completed:0(unready,0)')
    expect(ok.worker.status()!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' })
    expect(ok.host.ipam.allocated).toBe(0)
    const bad = await live(boundPod('job', { restartPolicy: 'Never' }, { 'sim.kubelab.dev/crash-after': '3', 'sim.kubelab.dev/exit-code': '3' }), 20_000)
    expect(bad.host.lines().at(-1)).toBe('5050 Failed ip=10.244.1.2 [Initialized PodScheduled] web=terminated:Error:3(unready,0)')
  })

  it('restarts OnFailure pods only after a failure', async () => {
    const ok = await live(boundPod('job', { restartPolicy: 'OnFailure' }, { 'sim.kubelab.dev/crash-after': '3', 'sim.kubelab.dev/exit-code': '0' }), 20_000)
    expect(ok.worker.status()!.phase).toBe('Succeeded')
    const bad = await live(boundPod('job', { restartPolicy: 'OnFailure' }, { 'sim.kubelab.dev/crash-after': '3' }), 20_000)
    expect(bad.worker.status()!.phase).toBe('Running')
    expect(bad.worker.status()!.containerStatuses![0].restartCount).toBeGreaterThan(0)
  })

  it('deletes gracefully: Killing, containers stop, the final status, then removal and the IP back', async () => {
    const pod = boundPod('web')
    const { host, worker } = await live(pod, 5000)
    worker.update(deleting(pod, 5000, 30))
    await host.clock.step(5000)
    expect(host.lines().slice(simplePodGolden.length)).toEqual([
      '5000 Normal Killing: Stopping container web',
      '5100 Succeeded ip=10.244.1.2 [Initialized PodScheduled] web=terminated:Completed:0(unready,0)'
    ])
    expect(host.removedKeys).toEqual(['uid-web'])
    expect(host.ipam.allocated).toBe(0)
  })

  it('kills at once when the grace period is shorter than the stop', async () => {
    const pod = boundPod('web')
    const { host, worker } = await live(pod, 5000)
    worker.update(deleting(pod, 5000, 0))
    await host.clock.step(1000)
    expect(host.lines().at(-1)).toBe('5000 Failed ip=10.244.1.2 [Initialized PodScheduled] web=terminated:Error:137(unready,0)')
  })

  it('restarts a container whose image was edited, with the new image and without back-off', async () => {
    const pod = boundPod('web')
    const { host, worker } = await live(pod, 5000, (h) => h.images.add('nginx:1.27'))
    const edited = structuredClone(pod)
    edited.spec!.containers[0].image = 'nginx:1.28'
    worker.update(edited)
    await host.clock.step(5000)
    expect(host.lines().filter((l) => Number(l.split(' ')[0]) >= 5000)).toEqual([
      '5000 Normal Killing: Container web definition changed, will be restarted',
      '5000 Normal Pulling: Pulling image "nginx:1.28"',
      '5000 Running ip=10.244.1.2 [PodReadyToStartContainers Initialized PodScheduled] web=terminated:Completed:0(unready,0)',
      expect.stringMatching(/^\d+ Normal Pulled: Successfully pulled image "nginx:1\.28" in /),
      expect.stringMatching(/^\d+ Normal Created: Created container: web$/),
      expect.stringMatching(/^\d+ Normal Started: Started container web$/),
      expect.stringMatching(/^\d+ Running ip=10\.244\.1\.2 \[PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled\] web=running\(ready,1\)$/)
    ])
    expect(worker.status()!.containerStatuses![0]).toMatchObject({ image: 'docker.io/library/nginx:1.28', imageID: expect.stringContaining('docker.io/library/nginx@sha256:') })
  })

  it('waits for the pod network, then starts', async () => {
    const { host, worker } = await live(boundPod('web'), 5000, (h) => (h.network = false))
    expect(host.lines()).toContain(
      '0 Warning NetworkNotReady: network is not ready: container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'
    )
    host.network = true
    worker.resync()
    await host.clock.step(5000)
    expect(worker.status()!.phase).toBe('Running')
  })

  it('reports FailedCreatePodSandBox while the podCIDR is full, and retries', async () => {
    const { host, worker } = await live(boundPod('web'), 15_000, (h) => {
      for (let i = 0; i < h.ipam.capacity; i++) h.ipam.get(`other-${i}`)
    })
    const failures = host.lines().filter((l) => l.includes('FailedCreatePodSandBox'))
    expect(failures).toHaveLength(2)
    expect(failures[0]).toMatch(/^200 Warning FailedCreatePodSandBox: Failed to create pod sandbox: .*no IP addresses available in range set: 10\.244\.1\.1-10\.244\.1\.254$/)
    host.ipam.put('other-7')
    await host.clock.step(15_000)
    expect(worker.status()).toMatchObject({ phase: 'Running', podIP: '10.244.1.9' })
  })

  it('reboots: the sandbox is re-created with a new IP and containers restart with lastState Unknown', async () => {
    const { host, worker } = await live(boundPod('web'), 5000)
    worker.halt()
    const before = host.timeline.length
    await host.clock.step(5000)
    expect(host.timeline).toHaveLength(before) // a powered-off node reports nothing
    worker.reboot()
    await host.clock.step(5000)
    expect(host.lines().slice(before)).toEqual([
      '10000 Normal SandboxChanged: Pod sandbox changed, it will be killed and re-created.',
      '10000 Running ip=10.244.1.2 [Initialized PodScheduled] web=terminated:Unknown:255(unready,0)',
      '10200 Normal Pulled: Container image "nginx:1.27" already present on machine',
      '10250 Normal Created: Created container: web',
      '10350 Normal Started: Started container web',
      '10350 Running ip=10.244.1.3 [PodReadyToStartContainers Initialized Ready ContainersReady PodScheduled] web=running(ready,1)'
    ])
    expect(worker.status()!.containerStatuses![0].lastState?.terminated).toMatchObject({ exitCode: 255, reason: 'Unknown' })
  })

  it('adopts a running pod from its status (a kubelet restart) without restarting it', async () => {
    const first = await live(boundPod('web'), 5000)
    const pod = { ...boundPod('web'), status: first.worker.status() }
    const host = new FakeHost()
    await host.clock.advanceTo!(t0 + 60_000)
    const worker = new PodWorker('uid-web', pod, host, true)
    host.worker = worker
    worker.start()
    await host.clock.step(5000)
    expect(host.lines()).toEqual([])
    expect(worker.rt.podIP).toBe('10.244.1.2')
    expect(worker.rt.containers[0]).toMatchObject({ state: 'running', instances: 1, ready: true })
  })
})

describe('the stage tables', () => {
  it('name every state they lead to as a state some stage starts from (or a resting one)', () => {
    const resting = new Set(['running', 'imageNeverPull', 'stopped', 'removed', 'networkWait', 'exited'])
    const podFroms = new Set(podStages.flatMap((s) => s.from))
    const containerFroms = new Set(containerStages.flatMap((s) => s.from))
    for (const s of podStages) expect(podFroms.has(s.to) || resting.has(s.to), `${s.name} -> ${s.to}`).toBe(true)
    for (const s of containerStages) expect(containerFroms.has(s.to) || resting.has(s.to), `${s.name} -> ${s.to}`).toBe(true)
  })

  it('have unique stage names', () => {
    const names = [...podStages, ...containerStages].map((s) => s.name)
    expect(new Set(names).size).toBe(names.length)
  })
})
