import { afterEach, describe, expect, it } from 'vitest'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { schedulingResultAnnotation, type SchedulingResult } from '../../../main/cluster/scheduler'
import { waitFor } from '../../support/wait'
import { addNode, urgentClass, boundNode, eventFor, pod, startCluster, unschedulableCondition, type TestCluster } from './support'

let t: TestCluster | undefined

afterEach(async () => {
  await t?.cluster.stop()
  t = undefined
})

const controlPlaneTaint = { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' as const }

describe('scheduler component', () => {
  it('binds a pod, records Scheduled and marks it PodScheduled', async () => {
    t = await startCluster()
    await addNode(t, 'node-1')
    await t.pods.create(pod('web-0'))
    expect(await boundNode(t, 'web-0')).toBe('node-1')
    const scheduled = await eventFor(t, 'web-0', 'Scheduled')
    // kube-scheduler records through events.k8s.io/v1: no source, an action, an eventTime, its instance.
    expect(scheduled).toMatchObject({
      type: 'Normal',
      message: 'Successfully assigned default/web-0 to node-1',
      source: {},
      action: 'Binding',
      reportingComponent: 'default-scheduler',
      reportingInstance: 'default-scheduler-kubelab-control-plane',
      eventTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/)
    })
    expect(scheduled.firstTimestamp ?? null).toBeNull()
    expect(scheduled.count).toBeUndefined()
    const p = await t.pods.get('default', 'web-0')
    expect(p.status?.conditions).toContainEqual(expect.objectContaining({ type: 'PodScheduled', status: 'True' }))
  })

  it('leaves a pod asking for more cpu than any node has Pending, with the exact FailedScheduling message', async () => {
    t = await startCluster()
    await addNode(t, 'control-plane', { taints: [controlPlaneTaint] })
    for (const n of ['node-1', 'node-2', 'node-3']) await addNode(t, n, { cpu: '2' })
    await t.pods.create(pod('greedy', { requests: { cpu: '3' } }))
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'
    const condition = await unschedulableCondition(t, 'greedy')
    expect(condition).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message })
    const event = await eventFor(t, 'greedy', 'FailedScheduling')
    expect(event).toMatchObject({ type: 'Warning', message, action: 'Scheduling', reportingComponent: 'default-scheduler' })
    const p = await t.pods.get('default', 'greedy')
    expect(p.spec?.nodeName).toBeUndefined()
    expect(p.status?.phase).toBe('Pending')
  })

  it('pins pods with nodeSelector', async () => {
    t = await startCluster()
    await addNode(t, 'node-1', { labels: { disktype: 'hdd' } })
    await addNode(t, 'node-2', { labels: { disktype: 'ssd' } })
    await addNode(t, 'node-3')
    for (let i = 0; i < 4; i++) await t.pods.create(pod(`db-${i}`, { nodeSelector: { disktype: 'ssd' } }))
    for (let i = 0; i < 4; i++) expect(await boundNode(t, `db-${i}`)).toBe('node-2')
    await t.pods.create(pod('nvme', { nodeSelector: { disktype: 'nvme' } }))
    expect(await unschedulableCondition(t, 'nvme')).toMatchObject({
      message: "0/3 nodes are available: 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling."
    })
  })

  it('keeps pods off tainted nodes unless they tolerate the taint', async () => {
    t = await startCluster()
    await addNode(t, 'gpu-1', { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })
    await addNode(t, 'down-1', { ready: false, taints: [{ key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] })
    await t.pods.create(pod('plain'))
    expect(await unschedulableCondition(t, 'plain')).toMatchObject({
      message:
        '0/2 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 1 node(s) had untolerated taint {node.kubernetes.io/not-ready: }. preemption: 0/2 nodes are available: 2 Preemption is not helpful for scheduling.'
    })
    await t.pods.create(pod('trainer', { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }] }))
    expect(await boundNode(t, 'trainer')).toBe('gpu-1')
  })

  it('schedules a pending pod once a node that fits is added', async () => {
    t = await startCluster()
    await t.pods.create(pod('early', { requests: { cpu: '1' } }))
    expect(await unschedulableCondition(t, 'early')).toMatchObject({ reason: 'Unschedulable', message: 'no nodes available to schedule pods' })
    // A node that is too small: the pod is retried on it (Node/Add) and fails again, now for cpu.
    await addNode(t, 'small', { cpu: '500m' })
    const retried = '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'
    await waitFor(async () => (await t!.pods.get('default', 'early')).status?.conditions?.find((c) => c.type === 'PodScheduled')?.message === retried, 'the retry on the new node')
    await addNode(t, 'big', { cpu: '4' })
    expect(await boundNode(t, 'early')).toBe('big')
  })

  it('does not spin an instant clock for pods that cannot be scheduled', async () => {
    t = await startCluster()
    await t.pods.create(pod('nowhere'))
    await unschedulableCondition(t, 'nowhere')
    const turns = async () => {
      for (let i = 0; i < 300; i++) await new Promise<void>((r) => setImmediate(r))
    }
    const start = t.cluster.clock.now()
    await turns()
    const settled = t.cluster.clock.now()
    await turns()
    // A few retries on foreground timers (1 + 2 + 4 + 8 + 10 s), then background ones: time stops.
    expect(t.cluster.clock.now()).toBe(settled)
    expect(settled - start).toBeLessThan(60_000)
  })

  it('retries an unschedulable pod on node changes that matter to it, not on heartbeats', async () => {
    t = await startCluster()
    await addNode(t, 'node-1')
    await t.pods.create(pod('picky', { nodeSelector: { disktype: 'ssd' } }))
    await unschedulableCondition(t, 'picky')
    await eventFor(t, 'picky', 'FailedScheduling')
    // One FailedScheduling per attempt: separate events, or a series' count.
    const attempts = async () =>
      (await t!.events.list('default')).items.filter((e) => e.involvedObject.name === 'picky' && e.reason === 'FailedScheduling').reduce((n, e) => n + (e.series?.count ?? 1), 0)
    expect(await attempts()).toBe(1)
    // A heartbeat: only the condition's times change.
    const heartbeat = structuredClone(await t.nodes.get(undefined, 'node-1'))
    heartbeat.status!.conditions = heartbeat.status!.conditions!.map((c) => ({ ...c, lastHeartbeatTime: t!.cluster.clock.rfc3339() }))
    await t.nodes.updateStatus(heartbeat)
    // A taint change does not concern NodeAffinity, which rejected the pod.
    const tainted = structuredClone(await t.nodes.get(undefined, 'node-1'))
    tainted.spec = { ...tainted.spec, taints: [{ key: 'example.com/maintenance', effect: 'PreferNoSchedule' }] }
    await t.nodes.update(tainted)
    await t.cluster.clock.sleep(15_000)
    expect(await attempts()).toBe(1)
    // The label it wants: retried, and bound.
    const labelled = structuredClone(await t.nodes.get(undefined, 'node-1'))
    labelled.metadata!.labels = { ...labelled.metadata!.labels, disktype: 'ssd' }
    await t.nodes.update(labelled)
    expect(await boundNode(t, 'picky')).toBe('node-1')
  })

  it('retries a pending pod when a pod in its way is deleted', async () => {
    t = await startCluster()
    await addNode(t, 'node-1', { cpu: '1' })
    await t.pods.create(pod('first', { requests: { cpu: '800m' } }))
    await boundNode(t, 'first')
    await t.pods.create(pod('second', { requests: { cpu: '800m' } }))
    expect((await unschedulableCondition(t, 'second')).message).toContain('1 Insufficient cpu')
    await t.pods.delete('default', 'first', { gracePeriodSeconds: 0 })
    expect(await boundNode(t, 'second')).toBe('node-1')
  })

  it("spreads a ReplicaSet's pods over the nodes even when one node looks emptier", async () => {
    t = await startCluster()
    // LeastAllocated alone would send every pod to "large"; spreading (weight 2) outweighs it.
    await addNode(t, 'large', { cpu: '64', memory: '256Gi' })
    await addNode(t, 'small-1', { cpu: '8', memory: '32Gi' })
    await addNode(t, 'small-2', { cpu: '8', memory: '32Gi' })
    const rs = await t.cluster.client.resource<ReplicaSet>({ group: 'apps', version: 'v1', resource: 'replicasets' }).create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: 'web-7d9f', namespace: 'default' },
      spec: { replicas: 6, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } } }
    })
    const owner = [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata!.name!, uid: rs.metadata!.uid!, controller: true, blockOwnerDeletion: true }]
    for (let i = 0; i < 6; i++) {
      await t.pods.create(pod(`web-7d9f-${i}`, { labels: { app: 'web' }, ownerReferences: owner, requests: { cpu: '500m', memory: '256Mi' } }))
      await boundNode(t, `web-7d9f-${i}`)
    }
    const counts: Record<string, number> = {}
    for (let i = 0; i < 6; i++) {
      const n = await boundNode(t, `web-7d9f-${i}`)
      counts[n] = (counts[n] ?? 0) + 1
    }
    expect(counts).toEqual({ large: 2, 'small-1': 2, 'small-2': 2 })

    // Pods without an owner are not spread: they go where LeastAllocated prefers.
    for (let i = 0; i < 3; i++) {
      await t.pods.create(pod(`batch-${i}`, { requests: { cpu: '500m', memory: '256Mi' } }))
      expect(await boundNode(t, `batch-${i}`)).toBe('large')
    }
  })

  it('writes the scheduling-result annotation for scheduled and unschedulable pods', async () => {
    t = await startCluster()
    await addNode(t, 'node-1', { cpu: '1' })
    await addNode(t, 'node-2', { cpu: '4' })
    await t.pods.create(pod('fits', { requests: { cpu: '2' } }))
    await boundNode(t, 'fits')
    const ok = JSON.parse((await t.pods.get('default', 'fits')).metadata!.annotations![schedulingResultAnnotation]) as SchedulingResult
    expect(ok).toMatchObject({ result: 'Scheduled', selectedNode: 'node-2', nodes: { total: 2, evaluated: 2, feasible: 1 } })
    expect(ok.filter['node-1'].NodeResourcesFit).toBe('Insufficient cpu')
    expect(ok.filter['node-2']).toMatchObject({ TaintToleration: 'passed', NodeResourcesFit: 'passed' })
    expect(Date.parse(ok.time)).not.toBeNaN()

    await t.pods.create(pod('too-big', { requests: { cpu: '8' } }))
    await unschedulableCondition(t, 'too-big')
    const failed = await waitFor(async () => (await t!.pods.get('default', 'too-big')).metadata?.annotations?.[schedulingResultAnnotation], 'the annotation')
    const r = JSON.parse(failed) as SchedulingResult
    expect(r).toMatchObject({ result: 'Unschedulable', selectedNode: null, nodes: { total: 2, evaluated: 2, feasible: 0 } })
    expect(r.message).toMatch(/^0\/2 nodes are available: 2 Insufficient cpu\./)
    expect(r.filter['node-1'].NodeResourcesFit).toBe('Insufficient cpu')
  })

  it('preempts a lower-priority pod for a higher-priority one', async () => {
    t = await startCluster()
    await addNode(t, 'node-1', { cpu: '2' })
    await t.pods.create(pod('batch', { requests: { cpu: '2' }, priority: 0 }))
    await boundNode(t, 'batch')
    await t.pods.create(pod('urgent', { requests: { cpu: '2' }, priorityClassName: await urgentClass(t) }))
    const condition = await unschedulableCondition(t, 'urgent')
    expect(condition.message).toBe('0/1 nodes are available: 1 Insufficient cpu.')
    await waitFor(async () => (await t!.pods.get('default', 'urgent')).status?.nominatedNodeName === 'node-1', 'the nomination')
    const victim = await t.pods.get('default', 'batch')
    expect(victim.metadata?.deletionTimestamp).toBeDefined()
    expect(victim.status?.conditions).toContainEqual(expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler', message: 'default-scheduler: preempting to accommodate a higher priority pod' }))
    const preempted = await eventFor(t, 'batch', 'Preempted')
    const urgentUid = (await t.pods.get('default', 'urgent')).metadata!.uid
    expect(preempted.message).toBe(`Preempted by pod ${urgentUid} on node node-1`)
    // The kubelet would finish the deletion; do it here.
    await t.pods.delete('default', 'batch', { gracePeriodSeconds: 0 })
    expect(await boundNode(t, 'urgent')).toBe('node-1')
  })

  it('waits for an Immediate claim to be bound', async () => {
    t = await startCluster()
    await addNode(t, 'node-1')
    await t.pods.create(pod('with-data', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data' } }] }))
    expect((await unschedulableCondition(t, 'with-data')).message).toBe(
      '0/1 nodes are available: persistentvolumeclaim "data" not found. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'
    )
    const claims = t.cluster.client.resource({ group: '', version: 'v1', resource: 'persistentvolumeclaims' })
    await claims.create({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data', namespace: 'default' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: '' } })
    await waitFor(async () => (await t!.pods.get('default', 'with-data')).status?.conditions?.[0]?.message?.includes('unbound immediate'), 'the unbound-claim message')
    expect((await t.pods.get('default', 'with-data')).status?.conditions?.[0]?.message).toBe(
      '0/1 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.'
    )
    // What the PV controller would do: bind the claim.
    const volumes = t.cluster.client.resource({ group: '', version: 'v1', resource: 'persistentvolumes' })
    await volumes.create({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv-1' }, spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' }, claimRef: { namespace: 'default', name: 'data' } } })
    const bound = structuredClone(await claims.get('default', 'data'))
    ;(bound.spec as { volumeName?: string }).volumeName = 'pv-1'
    const updated = await claims.update(bound)
    await claims.updateStatus({ ...structuredClone(updated), status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } } })
    expect(await boundNode(t, 'with-data')).toBe('node-1')
  })
})
