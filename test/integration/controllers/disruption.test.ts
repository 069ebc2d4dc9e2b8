import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import type { Pod, ReplicationController } from 'kubernetes-types/core/v1'
import type { PodDisruptionBudget } from 'kubernetes-types/policy/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { ApiHandler } from '../../../main/cluster/apiserver/api-handler'
import { replicationControllerComponent } from '../../../main/cluster/controllers/replication'
import { disruptionComponent } from '../../../main/cluster/controllers/disruption'
import { waitFor } from '../../support/wait'
import { activePods, eventsFor, gvr, makeReady, pod, replicationController, waitForPods } from './replica-helpers'

const pdbsGVR = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' }

function budget(name: string, spec: PodDisruptionBudget['spec']): PodDisruptionBudget {
  return { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: 'default' }, spec }
}

describe('disruption controller and pods/eviction', () => {
  let cluster: Cluster
  let server: Server | undefined
  let base = ''
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise((r) => (server ? server.close(r) : r(undefined)))
    server = undefined
    await cluster?.stop()
  })

  async function start(): Promise<void> {
    cluster = await Cluster.start({ clock: 'instant', components: [replicationControllerComponent, disruptionComponent] })
    const handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0' })
    server = createServer((req, res) => handler.handle(req, res))
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  /** POST pods/<name>/eviction as kubectl drain sends it. */
  async function evict(name: string, deleteOptions: Record<string, unknown> = {}): Promise<{ code: number; body: Record<string, unknown> }> {
    const res = await fetch(`${base}/api/v1/namespaces/default/pods/${name}/eviction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name, namespace: 'default' }, deleteOptions })
    })
    return { code: res.status, body: (await res.json()) as Record<string, unknown> }
  }

  async function readyRC(name: string, replicas: number): Promise<Pod[]> {
    await cluster.client.resource<ReplicationController>(gvr.rcs).create(replicationController(name, replicas))
    const pods = await waitForPods(cluster, name, replicas)
    for (const p of pods) await makeReady(cluster, p)
    return pods
  }

  async function statusOf(name: string, want: (s: NonNullable<PodDisruptionBudget['status']>) => boolean): Promise<NonNullable<PodDisruptionBudget['status']>> {
    return waitFor(async () => {
      const s = (await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).get('default', name)).status
      return s && want(s) ? s : undefined
    }, `status of ${name}`)
  }

  it('a budget of minAvailable 2 over an RC of 3 allows one eviction, then refuses with 429', async () => {
    await start()
    const pods = await readyRC('web', 3)
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('web-pdb', { minAvailable: 2, selector: { matchLabels: { app: 'web' } } }))
    const first = await statusOf('web-pdb', (s) => s.disruptionsAllowed === 1)
    expect(first).toMatchObject({ expectedPods: 3, currentHealthy: 3, desiredHealthy: 2, disruptionsAllowed: 1, observedGeneration: 1 })
    expect(first.conditions).toEqual([{ type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '', observedGeneration: 1, lastTransitionTime: expect.any(String) }])

    const victim = pods[0].metadata!.name!
    const ok = await evict(victim)
    expect(ok).toEqual({ code: 201, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 } })
    await expect(cluster.client.resource<Pod>(gvr.pods).get('default', victim)).rejects.toThrow(`pods "${victim}" not found`)

    // The replacement is not ready yet: two healthy pods, none to spare.
    const after = await statusOf('web-pdb', (s) => s.currentHealthy === 2 && s.expectedPods === 3)
    expect(after.disruptionsAllowed).toBe(0)
    expect(after.disruptedPods).toBeUndefined()
    expect(after.conditions?.[0]).toMatchObject({ type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods' })

    const refused = await evict(pods[1].metadata!.name!)
    expect(refused.code).toBe(429)
    expect(refused.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget web-pdb needs 2 healthy pods and has 2 currently' }] },
      code: 429
    })
    // Nothing was lost: the refused pod is still there.
    expect((await activePods(cluster, 'web')).map((p) => p.metadata?.name)).toContain(pods[1].metadata!.name)

    // A pod that is not Running (the pending replacement) goes without asking the budget.
    const pending = (await activePods(cluster, 'web')).find((p) => !pods.some((q) => q.metadata?.name === p.metadata?.name))!
    expect((await evict(pending.metadata!.name!)).code).toBe(201)
  })

  it('marks the evicted pod DisruptionTarget while it terminates, and spends the budget', async () => {
    await start()
    const pods = await readyRC('api', 2)
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('api', { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } }))
    await statusOf('api', (s) => s.disruptionsAllowed === 1)
    // A finalizer keeps the evicted pod around, so the eviction's marks can be read.
    const victim = pods[0]
    const podsClient = cluster.client.resource<Pod>(gvr.pods)
    const withFinalizer = structuredClone(await podsClient.get('default', victim.metadata!.name!))
    ;(withFinalizer.metadata as { finalizers?: string[] }).finalizers = ['example.com/hold']
    await podsClient.update(withFinalizer)
    await makeReady(cluster, withFinalizer)
    await statusOf('api', (s) => s.disruptionsAllowed === 1 && s.currentHealthy === 2)
    expect((await evict(victim.metadata!.name!)).code).toBe(201)
    const marked = await podsClient.get('default', victim.metadata!.name!)
    expect(marked.metadata?.deletionTimestamp).toBeTruthy()
    expect(marked.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toMatchObject({ status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' })
    const pdb = await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).get('default', 'api')
    // The controller may already have seen the pod terminating and dropped the entry; either way no disruption is left.
    expect(pdb.status?.disruptionsAllowed).toBe(0)
  })

  it('resolves a percentage against the owning controller scale, and fails safe for bare pods', async () => {
    await start()
    await readyRC('pct', 4)
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('pct', { maxUnavailable: '30%', selector: { matchLabels: { app: 'pct' } } }))
    // 4 - ceil(1.2) = 2 must stay healthy.
    expect(await statusOf('pct', (s) => s.expectedPods === 4)).toMatchObject({ desiredHealthy: 2, currentHealthy: 4, disruptionsAllowed: 2 })

    await cluster.client.resource<Pod>(gvr.pods).create(pod('lonely', { app: 'bare' }))
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('bare', { minAvailable: '50%', selector: { matchLabels: { app: 'bare' } } }))
    const s = await statusOf('bare', (st) => (st.conditions ?? []).length > 0)
    expect(s.disruptionsAllowed).toBe(0)
    const events = await waitFor(async () => {
      const evs = await eventsFor(cluster, 'bare')
      return evs.some((e) => e.reason === 'UnmanagedPods') ? evs : undefined
    }, 'UnmanagedPods event')
    expect(events.find((e) => e.reason === 'UnmanagedPods')?.source?.component).toBe('controllermanager')
  })

  it('refuses with 500 when two budgets select the pod', async () => {
    await start()
    const pods = await readyRC('two', 3)
    const pdbs = cluster.client.resource<PodDisruptionBudget>(pdbsGVR)
    await pdbs.create(budget('a', { minAvailable: 1, selector: { matchLabels: { app: 'two' } } }))
    await pdbs.create(budget('b', { maxUnavailable: 1, selector: { matchLabels: { app: 'two' } } }))
    const res = await evict(pods[0].metadata!.name!)
    expect(res).toEqual({
      code: 500,
      body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 }
    })
    expect(await activePods(cluster, 'two')).toHaveLength(3)
  })

  it('resets a DisruptionTarget mark that outlived its eviction by two minutes', async () => {
    await start()
    const podsClient = cluster.client.resource<Pod>(gvr.pods)
    await podsClient.create(pod('marked', { app: 'marked' }))
    const ready = structuredClone(await makeReady(cluster, await podsClient.get('default', 'marked')))
    const markedAt = cluster.clock.rfc3339()
    ready.status!.conditions!.push({ type: 'DisruptionTarget', status: 'True', reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting', lastTransitionTime: markedAt })
    await podsClient.updateStatus(ready)
    // The recheck waits on a background timer; time has to pass for it (as it does on a running cluster).
    await cluster.clock.sleep(121_000)
    const cond = await waitFor(async () => {
      const c = (await podsClient.get('default', 'marked')).status?.conditions?.find((x) => x.type === 'DisruptionTarget')
      return c?.status === 'False' ? c : undefined
    }, 'the stale mark reset')
    expect(cond).toMatchObject({ reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' })
    expect(Date.parse(cond.lastTransitionTime!) - Date.parse(markedAt)).toBeGreaterThanOrEqual(120_000)
  })

  it('honours the eviction deleteOptions: preconditions, dry run, grace period', async () => {
    await start()
    const pods = await readyRC('opts', 3)
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('opts', { minAvailable: 1, selector: { matchLabels: { app: 'opts' } } }))
    await statusOf('opts', (s) => s.disruptionsAllowed === 2)
    const [a, b, c] = pods.map((p) => p.metadata!.name!)

    const wrongUid = await evict(a, { preconditions: { uid: 'not-the-uid' } })
    expect(wrongUid.code).toBe(409)
    expect(wrongUid.body.message).toBe(
      `Operation cannot be fulfilled on Pod "${a}": the UID in the precondition (not-the-uid) does not match the UID in record (${pods[0].metadata!.uid}). The object might have been deleted and then recreated`
    )
    const res = await fetch(`${base}/api/v1/namespaces/default/pods/${b}/eviction?dryRun=All`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: b } })
    })
    expect(res.status).toBe(201)
    // The dry run spent nothing and deleted nothing.
    expect((await activePods(cluster, 'opts')).map((p) => p.metadata?.name).sort()).toEqual([a, b, c].sort())
    const after = (await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).get('default', 'opts')).status
    expect(after?.disruptedPods).not.toHaveProperty(b)
    // As in kube-apiserver, the budget is spent before the delete: the failed one stays noted until the controller's two minutes pass.
    expect(after?.disruptedPods).toHaveProperty(a)

    // A finalizer keeps the pod, so the grace period it was deleted with can be read.
    const podsClient = cluster.client.resource<Pod>(gvr.pods)
    const held = structuredClone(await podsClient.get('default', c))
    ;(held.metadata as { finalizers?: string[]; resourceVersion?: string }).finalizers = ['example.com/hold']
    await podsClient.update(held)
    expect((await evict(c, { gracePeriodSeconds: 0, preconditions: { uid: pods[2].metadata!.uid } })).code).toBe(201)
    const marked = await podsClient.get('default', c)
    expect(marked.metadata?.deletionGracePeriodSeconds).toBe(0)
    expect(marked.status?.conditions?.find((x) => x.type === 'DisruptionTarget')?.status).toBe('True')
    // The terminating pod no longer counts, and the noted-but-undeleted one neither: one healthy pod left, none to spare.
    await statusOf('opts', (s) => s.currentHealthy === 1 && s.disruptionsAllowed === 0)
  })

  it('refuses with 429 and Retry-After: 10 while the controller has not observed the budget', async () => {
    // No disruption controller: the budget stays at observedGeneration 0.
    cluster = await Cluster.start({ clock: 'instant', components: [replicationControllerComponent] })
    const handler = new ApiHandler({ resources: cluster.resources, clock: cluster.clock, serverAddress: () => '127.0.0.1:0' })
    server = createServer((req, res) => handler.handle(req, res))
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', () => r()))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const pods = await readyRC('fresh', 2)
    await cluster.client.resource<PodDisruptionBudget>(pdbsGVR).create(budget('fresh', { maxUnavailable: 1, selector: { matchLabels: { app: 'fresh' } } }))
    const name = pods[0].metadata!.name!
    const res = await fetch(`${base}/api/v1/namespaces/default/pods/${name}/eviction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name } })
    })
    expect(res.status).toBe(429)
    expect(res.headers.get('retry-after')).toBe('10')
    expect(await res.json()).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: "Cannot evict pod as it would violate the pod's disruption budget.",
      reason: 'TooManyRequests',
      details: { retryAfterSeconds: 10, causes: [{ reason: 'DisruptionBudget', message: 'The disruption budget fresh is still being processed by the server.' }] },
      code: 429
    })
  })

  it('answers a name mismatch with 400 and a missing pod with 404', async () => {
    await start()
    const res = await fetch(`${base}/api/v1/namespaces/default/pods/x/eviction`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'Eviction', apiVersion: 'policy/v1', metadata: { name: 'y' } })
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { message: string }).message).toBe('name in URL does not match name in Eviction object')
    const missing = await evict('nope')
    expect(missing.code).toBe(404)
    expect(missing.body.message).toBe('pods "nope" not found')
  })
})
