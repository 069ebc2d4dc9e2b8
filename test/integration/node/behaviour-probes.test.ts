import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { endpointsComponent } from '../../../main/cluster/controllers/endpoints'
import { nodeIpamComponent } from '../../../main/cluster/controllers/node-ipam'
import { nodesComponent } from '../../../main/cluster/node'
import { waitFor } from '../../support/wait'
import { eventsAbout, getPod, lines, nodesReady, runOn, startCluster } from './helpers'

/** The behaviour model and the probes in a whole headless cluster (instant clock): what kubectl and the endpoints controller see. */
describe('container behaviour and probes, end to end', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  function pod(name: string, container: Pod['spec'] extends infer S ? (S extends { containers: (infer C)[] } ? Partial<C> : never) : never, annotations: Record<string, string> = {}): Pod {
    return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels: { app: name }, annotations }, spec: { containers: [{ name: 'web', image: 'nginx:1.27', ...container }] } }
  }

  it('memory past the limit: OOMKilled (137) after the time its growth takes, then CrashLoopBackOff (doubling back-off) and the BackOff event', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, ['kubelab-worker'])
    await runOn(cluster, pod('leaky', { resources: { limits: { memory: '64Mi' } } }, { 'sim.kubelab.dev/memory-usage': '32Mi', 'sim.kubelab.dev/memory-growth': '2Mi' }), 'kubelab-worker')
    const looping = await waitFor(async () => {
      const p = await getPod(cluster!, 'leaky')
      return (p?.status?.containerStatuses?.[0].restartCount ?? 0) >= 3 ? p : undefined
    }, 'three restarts', 20_000)
    const web = looping.status!.containerStatuses![0]
    expect(web.lastState?.terminated).toMatchObject({ reason: 'OOMKilled', exitCode: 137 })
    // 32 Mi to grow at 2 Mi/s: each instance lives 16 s.
    const t = web.lastState!.terminated!
    expect(Date.parse(t.finishedAt!) - Date.parse(t.startedAt!)).toBe(16_000)
    const events = lines(await eventsAbout(cluster, 'Pod', 'leaky'))
    expect(events).toContain(`BackOff: Back-off restarting failed container web in pod leaky_default(${looping.metadata!.uid})`)
    const backOff = await waitFor(async () => {
      const p = await getPod(cluster!, 'leaky')
      const w = p?.status?.containerStatuses?.[0]
      return w?.state?.waiting?.reason === 'CrashLoopBackOff' ? w.state.waiting : undefined
    }, 'CrashLoopBackOff', 20_000)
    expect(backOff.message).toMatch(/^back-off (20s|40s|1m20s) restarting failed container=web pod=leaky_default\(/)
  })

  it('a failing readiness probe keeps a pod out of the Service endpoints; a passing one puts it in', async () => {
    cluster = await Cluster.start({ clock: 'instant', components: [nodeIpamComponent, nodesComponent, endpointsComponent] })
    await nodesReady(cluster, ['kubelab-worker'])
    const svc: Service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { tier: 'web' }, ports: [{ port: 80, targetPort: 80 }] } }
    await cluster.client.resource<Service>({ group: '', version: 'v1', resource: 'services' }).create(svc)
    const good = pod('good', { readinessProbe: { httpGet: { path: '/', port: 80 }, periodSeconds: 5 } })
    const bad = pod('bad', { readinessProbe: { httpGet: { path: '/ready', port: 8080 }, periodSeconds: 5 } })
    good.metadata!.labels!.tier = 'web'
    bad.metadata!.labels!.tier = 'web'
    await runOn(cluster, good, 'kubelab-worker')
    await runOn(cluster, bad, 'kubelab-worker')
    await cluster.clock.sleep(30_000)
    const endpoints = await waitFor(async () => {
      const ep = await cluster!.client.resource<Endpoints>({ group: '', version: 'v1', resource: 'endpoints' }).get('default', 'web')
      const subset = ep.subsets?.[0]
      return subset?.addresses?.length === 1 && subset.notReadyAddresses?.length === 1 ? subset : undefined
    }, 'one ready and one not-ready address')
    const badPod = (await getPod(cluster, 'bad'))!
    const goodPod = (await getPod(cluster, 'good'))!
    expect(endpoints.addresses![0].ip).toBe(goodPod.status!.podIP)
    expect(endpoints.notReadyAddresses![0].ip).toBe(badPod.status!.podIP)
    expect(lines(await eventsAbout(cluster, 'Pod', 'bad'))).toContain(
      `Unhealthy: Readiness probe failed: Get "http://${badPod.status!.podIP}:8080/ready": dial tcp ${badPod.status!.podIP}:8080: connect: connection refused`
    )
  })

  it('a failing liveness probe restarts the container: Unhealthy x3, Killing, restartCount grows', async () => {
    cluster = await startCluster()
    await nodesReady(cluster, ['kubelab-worker'])
    await runOn(cluster, pod('sick', { livenessProbe: { tcpSocket: { port: 8080 }, periodSeconds: 10, failureThreshold: 3 } }), 'kubelab-worker')
    const restarted = await waitFor(async () => {
      const p = await getPod(cluster!, 'sick')
      return (p?.status?.containerStatuses?.[0].restartCount ?? 0) >= 1 ? p : undefined
    }, 'a restart', 20_000)
    const events = await eventsAbout(cluster, 'Pod', 'sick')
    const ip = restarted.status!.podIP
    // Repeats of one event are counted on it, as the event recorder does.
    const unhealthy = events.find((e) => e.reason === 'Unhealthy')
    expect(unhealthy).toMatchObject({
      type: 'Warning',
      message: `Liveness probe failed: dial tcp ${ip}:8080: connect: connection refused`,
      involvedObject: { kind: 'Pod', name: 'sick', fieldPath: 'spec.containers{web}' }
    })
    expect(unhealthy!.count).toBeGreaterThanOrEqual(3)
    expect(lines(events)).toContain('Killing: Container web failed liveness probe, will be restarted')
  })
})
