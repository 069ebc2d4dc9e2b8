import type { HorizontalPodAutoscaler } from 'kubernetes-types/autoscaling/v2'
import type { Deployment } from 'kubernetes-types/apps/v1'
import type { Event, Pod, ReplicationController } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { horizontalPodAutoscalerComponent } from '../../../main/cluster/controllers/horizontal-pod-autoscaler'
import { nodeIpamComponent } from '../../../main/cluster/controllers/node-ipam'
import { replicationControllerComponent } from '../../../main/cluster/controllers/replication'
import { deploymentComponent } from '../../../main/cluster/controllers/deployment'
import { replicaSetComponent } from '../../../main/cluster/controllers/replica-set'
import { nodesComponent } from '../../../main/cluster/node'
import { schedulerComponent } from '../../../main/cluster/scheduler'
import { waitFor } from '../../support/wait'

const rcGVR = { group: '', version: 'v1', resource: 'replicationcontrollers' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const hpaGVR = { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }

/** php-apache as in the Kubernetes HPA walkthrough: 200m requested, 10 ms of CPU per request. */
function phpApache(): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: {
      replicas: 1,
      selector: { run: 'php-apache' },
      template: {
        metadata: { labels: { run: 'php-apache' }, annotations: { 'sim.kubelab.dev/cpu-per-request': '10m' } },
        spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '200m' } } }] }
      }
    }
  }
}

function hpa(behavior?: HorizontalPodAutoscaler['spec']): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: {
      scaleTargetRef: { apiVersion: 'v1', kind: 'ReplicationController', name: 'php-apache' },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
      ...behavior
    }
  }
}

describe('HorizontalPodAutoscaler controller', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  async function start(): Promise<Cluster> {
    cluster = await Cluster.start({
      clock: 'instant',
      components: [nodeIpamComponent, nodesComponent, schedulerComponent, replicationControllerComponent, replicaSetComponent, deploymentComponent, horizontalPodAutoscalerComponent]
    })
    return cluster
  }

  const runningPods = async (c: Cluster): Promise<Pod[]> =>
    (await c.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'run=php-apache' })).items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp)

  /** The network's traffic generator: `rps` requests per second of cluster time to port 80, spread over the running pods. */
  async function load(c: Cluster, rps: number, seconds: number): Promise<void> {
    for (let s = 0; s < seconds; s++) {
      const pods = await runningPods(c)
      for (const pod of pods) {
        const m = pod.metadata!
        c.world.processes.receive({ namespace: 'default', name: m.name!, uid: m.uid! }, { from: '10.244.1.100:40000', protocol: 'TCP', port: 80, method: 'GET', path: '/', count: rps / pods.length })
      }
      await c.clock.sleep(1000)
    }
  }

  async function hpaEvents(c: Cluster): Promise<{ at: number; text: string }[]> {
    const events = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler')
    return events.map((e) => ({ at: Date.parse(e.firstTimestamp ?? e.eventTime ?? ''), text: `${e.type} ${e.reason}: ${e.message}` })).sort((a, b) => a.at - b.at)
  }

  it('scales an RC from 1 to 4 under load and back to 1 after the 5-minute stabilization window', async () => {
    const c = await start()
    await c.client.resource<ReplicationController>(rcGVR).create(phpApache())
    await waitFor(async () => (await runningPods(c)).length === 1, 'php-apache running', 30_000)
    await c.client.resource<HorizontalPodAutoscaler>(hpaGVR).create(hpa())
    const hpas = c.client.resource<HorizontalPodAutoscaler>(hpaGVR)

    // Idle: 0% of 200m, nothing to do. The metrics propose 0; the replica count at the first sync (1) is a
    // recommendation of that moment, and the window holds it, as a new HPA in a real cluster reports.
    await load(c, 0, 40)
    const idle = await hpas.get('default', 'php-apache')
    expect(idle.status).toMatchObject({ currentReplicas: 1, desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '0' } } }] })
    expect(idle.status!.conditions!.map((x) => `${x.type}=${x.status}:${x.reason}`)).toEqual(['AbleToScale=True:ScaleDownStabilized', 'ScalingActive=True:ValidMetricFound', 'ScalingLimited=False:DesiredWithinRange'])

    // 40 requests/s x 10 ms = 400m: 200% of one pod's request. The 30 s average ramps up, so it may take two steps (1 -> 3 -> 4).
    let scaledUp: HorizontalPodAutoscaler | undefined
    for (let i = 0; i < 12 && !scaledUp; i++) {
      await load(c, 40, 15)
      const h = await hpas.get('default', 'php-apache')
      if (h.status?.desiredReplicas === 4) scaledUp = h
    }
    expect(scaledUp?.status?.currentMetrics?.[0].resource?.current.averageUtilization).toBeGreaterThan(55)
    expect(scaledUp!.status!.lastScaleTime).toBeDefined()
    expect((await c.client.resource<ReplicationController>(rcGVR).get('default', 'php-apache')).spec!.replicas).toBe(4)
    expect((await hpaEvents(c)).map((e) => e.text)).toContain('Normal SuccessfulRescale: New size: 4; reason: cpu resource utilization (percentage of request) above target')

    // The same load over four ready pods is 100m each: 50%, on target; it stays at 4.
    await load(c, 40, 120)
    const steady = await hpas.get('default', 'php-apache')
    expect(steady.status).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 })
    expect(Math.abs(steady.status!.currentMetrics![0].resource!.current.averageUtilization! - 50)).toBeLessThanOrEqual(5)
    const loadStopped = c.clock.now()

    // No load: the recommendation is 1, but the window keeps the highest recent one (4) for 5 minutes.
    await load(c, 0, 200)
    const held = await hpas.get('default', 'php-apache')
    expect(held.status).toMatchObject({ currentReplicas: 4, desiredReplicas: 4 })
    expect(held.status!.conditions!.find((x) => x.type === 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ScaleDownStabilized', message: 'recent recommendations were higher than current one, applying the highest recent recommendation' })
    await load(c, 0, 150)
    await waitFor(async () => (await hpas.get('default', 'php-apache')).status?.desiredReplicas === 1, 'desired 1')
    const down = (await hpaEvents(c)).find((e) => e.text === 'Normal SuccessfulRescale: New size: 1; reason: All metrics below target')
    expect(down).toBeDefined()
    expect(down!.at - loadStopped).toBeGreaterThanOrEqual(300_000)
    expect(down!.at - loadStopped).toBeLessThan(300_000 + 30_000 + 15_000)
    await waitFor(async () => (await runningPods(c)).length === 1, 'one pod left')
  }, 120_000)

  it('a new HPA over an idle RC of 3 keeps 3 for the stabilization window: the count at its first sync is a recommendation', async () => {
    const c = await start()
    await c.client.resource<ReplicationController>(rcGVR).create({ ...phpApache(), spec: { ...phpApache().spec, replicas: 3 } })
    await waitFor(async () => (await runningPods(c)).length === 3, 'three pods running', 30_000)
    const hpas = c.client.resource<HorizontalPodAutoscaler>(hpaGVR)
    const created = c.clock.now()
    await hpas.create(hpa())
    await load(c, 0, 240)
    const held = await hpas.get('default', 'php-apache')
    expect(held.status).toMatchObject({ currentReplicas: 3, desiredReplicas: 3 })
    expect(held.status!.conditions!.find((x) => x.type === 'AbleToScale')).toMatchObject({ status: 'True', reason: 'ScaleDownStabilized' })
    expect((await c.client.resource<ReplicationController>(rcGVR).get('default', 'php-apache')).spec!.replicas).toBe(3)
    await load(c, 0, 90)
    await waitFor(async () => (await hpas.get('default', 'php-apache')).status?.desiredReplicas === 1, 'desired 1')
    const down = (await hpaEvents(c)).find((e) => e.text === 'Normal SuccessfulRescale: New size: 1; reason: All metrics below target')
    expect(down!.at - created).toBeGreaterThanOrEqual(300_000)
    expect(down!.at - created).toBeLessThan(300_000 + 15_000 + 15_000)
  }, 120_000)

  it('reports a missing target and a missing metric source as the controller does', async () => {
    const c = await start()
    const hpas = c.client.resource<HorizontalPodAutoscaler>(hpaGVR)
    await hpas.create(hpa())
    const failed = await waitFor(async () => (await hpas.get('default', 'php-apache')).status?.conditions?.[0], 'AbleToScale condition')
    expect(failed).toMatchObject({
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedGetScale',
      message: 'the HPA controller was unable to get the target\'s current scale: replicationcontrollers/scale "php-apache" not found'
    })
    await waitFor(async () => (await hpaEvents(c)).some((e) => e.text === 'Warning FailedGetScale: replicationcontrollers/scale "php-apache" not found'), 'FailedGetScale event')

    // A target whose pods request no CPU: utilization cannot be computed.
    const rc = phpApache()
    delete rc.spec!.template!.spec!.containers[0].resources
    await c.client.resource<ReplicationController>(rcGVR).create(rc)
    await waitFor(async () => (await runningPods(c)).length === 1, 'php-apache running', 30_000)
    await c.clock.sleep(60_000)
    const noRequest = await waitFor(async () => (await hpas.get('default', 'php-apache')).status?.conditions?.find((x) => x.type === 'ScalingActive'), 'ScalingActive')
    expect(noRequest).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: missing request for cpu in container php-apache of Pod ' + (await runningPods(c))[0].metadata!.name
    })
    const podName = (await runningPods(c))[0].metadata!.name
    const texts = (await hpaEvents(c)).map((e) => e.text)
    expect(texts).toContain(`Warning FailedGetResourceMetric: failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${podName}`)
    expect(texts).toContain(
      `Warning FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu utilization: missing request for cpu in container php-apache of Pod ${podName}`
    )
  }, 60_000)

  it('scales a Deployment and honours spec.behavior (a 60 s scale-down window, one pod per 30 s)', async () => {
    const c = await start()
    const rc = phpApache()
    const deployment: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { run: 'php-apache' } }, template: rc.spec!.template! }
    }
    await c.client.resource<Deployment>({ group: 'apps', version: 'v1', resource: 'deployments' }).create(deployment)
    await waitFor(async () => (await runningPods(c)).length === 1, 'php-apache running', 30_000)
    const behavior = { scaleDown: { stabilizationWindowSeconds: 60, policies: [{ type: 'Pods', value: 1, periodSeconds: 30 }] } }
    const spec = hpa().spec!
    await c.client.resource<HorizontalPodAutoscaler>(hpaGVR).create({ ...hpa(), spec: { ...spec, scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' }, behavior } })
    const hpas = c.client.resource<HorizontalPodAutoscaler>(hpaGVR)
    let up = 0
    for (let i = 0; i < 16 && up < 3; i++) {
      await load(c, 60, 15)
      up = (await hpas.get('default', 'php-apache')).status?.desiredReplicas ?? 0
    }
    expect(up).toBeGreaterThanOrEqual(3)
    // The API filled in the rest of the behavior: scale-up policies and selectPolicy.
    expect((await hpas.get('default', 'php-apache')).spec!.behavior!.scaleUp!.policies).toHaveLength(2)
    const stopped = c.clock.now()
    await waitFor(async () => {
      await load(c, 0, 5)
      return (await hpas.get('default', 'php-apache')).status?.desiredReplicas === 1
    }, 'back to 1', 30_000)
    const downs = (await hpaEvents(c)).filter((e) => e.text.startsWith('Normal SuccessfulRescale: New size:') && e.at > stopped)
    // Held for the 60 s window, then one pod at a time, at most one per 30 s.
    expect(downs[0].at - stopped).toBeGreaterThanOrEqual(60_000)
    expect(downs[0].at - stopped).toBeLessThan(60_000 + 30_000 + 15_000)
    for (let i = 1; i < downs.length; i++) expect(downs[i].at - downs[i - 1].at).toBeGreaterThanOrEqual(30_000)
    expect(downs.map((e) => e.text.match(/New size: (\d+)/)![1]).map(Number)).toEqual(Array.from({ length: up - 1 }, (_, i) => up - 1 - i))
    expect((await c.client.resource<Deployment>({ group: 'apps', version: 'v1', resource: 'deployments' }).get('default', 'php-apache')).spec!.replicas).toBe(1)
  }, 120_000)
})
