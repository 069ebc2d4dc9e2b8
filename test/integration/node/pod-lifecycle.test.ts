import type { Pod } from 'kubernetes-types/core/v1'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Cluster } from '../../../main/cluster/cluster'
import type { WatchEvent } from '../../../main/cluster/client/types'
import { waitFor } from '../../support/wait'
import { clients, eventsAbout, getPod, inCIDR, lines, nodesReady, podManifest, podReady, runOn, startCluster } from './helpers'

describe('a pod on a simulated kubelet', () => {
  let cluster: Cluster

  beforeEach(async () => {
    cluster = await startCluster()
    await nodesReady(cluster, ['kubelab-worker', 'kubelab-worker2'])
  })
  afterEach(async () => {
    await cluster.stop()
  })

  it('goes Running and Ready with an IP from its node podCIDR, with the kubelet events in order', async () => {
    await runOn(cluster, podManifest('web'), 'kubelab-worker')
    const pod = await waitFor(async () => {
      const p = await getPod(cluster, 'web')
      return p?.status?.phase === 'Running' && podReady(p) ? p : undefined
    }, 'web Running and Ready')
    const node = await clients(cluster).nodes.get(undefined, 'kubelab-worker')
    const podCIDR = node.spec!.podCIDR!
    expect(inCIDR(pod.status!.podIP!, podCIDR)).toBe(true)
    expect(pod.status!.podIP!.endsWith('.2')).toBe(true) // .1 is the cni0 bridge
    expect(pod.status!.podIPs).toEqual([{ ip: pod.status!.podIP }])
    expect(pod.status!.hostIP).toBe('172.18.0.3')
    expect(pod.status!.startTime).toBeTruthy()
    expect(pod.status!.conditions!.map((c) => `${c.type}=${c.status}`)).toEqual([
      'PodReadyToStartContainers=True',
      'Initialized=True',
      'Ready=True',
      'ContainersReady=True',
      'PodScheduled=True'
    ])
    expect(pod.status!.containerStatuses![0]).toMatchObject({ name: 'web', image: 'docker.io/library/nginx:1.27', ready: true, started: true, restartCount: 0 })
    const events = await waitFor(async () => {
      const list = await eventsAbout(cluster, 'Pod', 'web')
      return list.length >= 4 ? list : undefined
    }, 'four kubelet events')
    expect(lines(events)).toEqual([
      'Pulling: Pulling image "nginx:1.27"',
      expect.stringMatching(/^Pulled: Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: 72099410 bytes\.$/),
      'Created: Created container: web',
      'Started: Started container web'
    ])
    expect(events.every((e) => e.source?.component === 'kubelet' && e.source?.host === 'kubelab-worker')).toBe(true)
  })

  it('says an image is already present on a node that pulled it before', async () => {
    await runOn(cluster, podManifest('first'), 'kubelab-worker2')
    await waitFor(async () => podReady(await getPod(cluster, 'first')), 'first Ready')
    await runOn(cluster, podManifest('second'), 'kubelab-worker2')
    await waitFor(async () => podReady(await getPod(cluster, 'second')), 'second Ready')
    expect(lines(await eventsAbout(cluster, 'Pod', 'second'))).toEqual([
      'Pulled: Container image "nginx:1.27" already present on machine',
      'Created: Created container: web',
      'Started: Started container web'
    ])
    const [a, b] = [await getPod(cluster, 'first'), await getPod(cluster, 'second')]
    expect(a!.status!.podIP).not.toBe(b!.status!.podIP)
  })

  it('is deleted gracefully: Killing, then the kubelet removes it', async () => {
    await runOn(cluster, podManifest('web'), 'kubelab-worker')
    await waitFor(async () => podReady(await getPod(cluster, 'web')), 'web Ready')
    const seen: Array<WatchEvent<Pod>> = []
    const watch = clients(cluster).pods.watch('default', { fieldSelector: 'metadata.name=web', resourceVersion: (await getPod(cluster, 'web'))!.metadata!.resourceVersion }, (e) => seen.push(e))
    const marked = await clients(cluster).pods.delete('default', 'web')
    expect(marked.metadata?.deletionTimestamp).toBeTruthy() // graceful: the apiserver only marks it
    await waitFor(() => seen.some((e) => e.type === 'DELETED'), 'web removed by its kubelet')
    watch.stop()
    expect(await getPod(cluster, 'web')).toBeUndefined()
    const terminal = seen.find((e) => e.object.status?.phase === 'Succeeded')
    expect(terminal?.object.status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    const events = lines(await eventsAbout(cluster, 'Pod', 'web'))
    expect(events.slice(-2)).toEqual(['Started: Started container web', 'Killing: Stopping container web'])
  })

  it('restarts a crash-after container with CrashLoopBackOff back-off', async () => {
    await runOn(cluster, podManifest('crashy', { 'sim.kubelab.dev/crash-after': '3', 'sim.kubelab.dev/exit-code': '3' }), 'kubelab-worker')
    const pod = await waitFor(async () => {
      const p = await getPod(cluster, 'crashy')
      const c = p?.status?.containerStatuses?.[0]
      return c && c.restartCount >= 3 && c.state?.running ? p : undefined
    }, 'crashy restarted three times')
    const c = pod.status!.containerStatuses![0]
    expect(c.lastState?.terminated).toMatchObject({ exitCode: 3, reason: 'Error' })
    // The third restart waited 20 s after the second crash (timestamps have whole seconds).
    const waited = (Date.parse(c.state!.running!.startedAt!) - Date.parse(c.lastState!.terminated!.finishedAt!)) / 1000
    expect(waited).toBeGreaterThanOrEqual(19)
    expect(waited).toBeLessThanOrEqual(21)
    const events = lines(await eventsAbout(cluster, 'Pod', 'crashy'))
    expect(events).toContain(`BackOff: Back-off restarting failed container web in pod crashy_default(${pod.metadata!.uid})`)
    const backOff = (await eventsAbout(cluster, 'Pod', 'crashy')).find((e) => e.reason === 'BackOff')!
    expect(backOff.type).toBe('Warning')
  })

  it('puts back what it reports when someone else rewrites it', async () => {
    await runOn(cluster, podManifest('web'), 'kubelab-worker')
    const pod = await waitFor(async () => {
      const p = await getPod(cluster, 'web')
      return podReady(p) ? p : undefined
    }, 'web Ready')
    const edited = structuredClone(pod)
    for (const c of edited.status!.conditions!) if (c.type === 'Ready') c.status = 'False'
    edited.status!.conditions!.push({ type: 'DisruptionTarget', status: 'True', reason: 'Test' })
    await clients(cluster).pods.updateStatus(edited)
    const back = await waitFor(async () => {
      const p = await getPod(cluster, 'web')
      return podReady(p) ? p : undefined
    }, 'web Ready again')
    // Conditions the kubelet does not own are kept.
    expect(back.status!.conditions!.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True' })
  })

  it('runs a restartPolicy Never pod to completion', async () => {
    const job = podManifest('job', { 'sim.kubelab.dev/crash-after': '1', 'sim.kubelab.dev/exit-code': '0' })
    job.spec!.restartPolicy = 'Never'
    await runOn(cluster, job, 'kubelab-worker')
    const done = await waitFor(async () => {
      const p = await getPod(cluster, 'job')
      return p?.status?.phase === 'Succeeded' ? p : undefined
    }, 'job Succeeded')
    expect(done.status!.containerStatuses![0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(done.status!.conditions!.find((c) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'PodCompleted' })
  })
})
