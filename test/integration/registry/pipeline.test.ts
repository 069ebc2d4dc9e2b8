import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Pod } from 'kubernetes-types/core/v1'
import type { Deployment } from 'kubernetes-types/apps/v1'
import type { Namespace } from 'kubernetes-types/core/v1'
import { Cluster } from '../../../main/cluster/cluster'
import { StatusError } from '../../../main/cluster/apimachinery/errors'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { WatchEvent } from '../../../main/cluster/client/types'

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nsGVR = { group: '', version: 'v1', resource: 'namespaces' }
const deployGVR = { group: 'apps', version: 'v1', resource: 'deployments' }
const cmGVR = { group: '', version: 'v1', resource: 'configmaps' }

function pod(name: string, labels: Record<string, string> = {}, namespace = 'default'): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels },
    spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] }
  }
}

function deployment(name: string, image = 'nginx:1.27'): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image }] } }
    }
  }
}

/** Awaits a rejected promise and returns its StatusError, failing if it resolved or threw something else. */
async function statusOf(p: Promise<unknown>): Promise<StatusError> {
  try {
    await p
  } catch (e) {
    expect(e).toBeInstanceOf(StatusError)
    return e as StatusError
  }
  throw new Error('expected the call to fail')
}

describe('registry pipeline through the in-process client', () => {
  let cluster: Cluster

  beforeEach(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
  })
  afterEach(async () => {
    await cluster.stop()
  })

  it('starts with the four system namespaces, Active', async () => {
    const list = await cluster.client.resource<Namespace>(nsGVR).list()
    expect(list.items.map((n) => n.metadata?.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    for (const ns of list.items) expect(ns.status?.phase).toBe('Active')
  })

  it('creates a pod with server-set metadata and defaults', async () => {
    const pods = cluster.client.resource<Pod>(podsGVR)
    const created = await pods.create(pod('web'))
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/)
    expect(created.metadata?.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/)
    expect(Number(created.metadata?.resourceVersion)).toBe(cluster.store.revision)
    expect(created.spec?.restartPolicy).toBe('Always')
    expect(created.spec?.dnsPolicy).toBe('ClusterFirst')
    expect(created.spec?.terminationGracePeriodSeconds).toBe(30)
    expect(created.spec?.containers[0].imagePullPolicy).toBe('IfNotPresent')
    expect(created.status?.phase).toBe('Pending')
    expect(await pods.get('default', 'web')).toEqual(created)
  })

  it('answers with the real Status errors', async () => {
    const pods = cluster.client.resource<Pod>(podsGVR)
    await pods.create(pod('web'))

    const dup = await statusOf(pods.create(pod('web')))
    expect(dup.code).toBe(409)
    expect(dup.reason).toBe('AlreadyExists')
    expect(dup.message).toBe('pods "web" already exists')

    const missing = await statusOf(pods.get('default', 'nope'))
    expect(missing.code).toBe(404)
    expect(missing.message).toBe('pods "nope" not found')

    const noNs = await statusOf(pods.create(pod('web', {}, 'nowhere')))
    expect(noNs.code).toBe(404)
    expect(noNs.message).toBe('namespaces "nowhere" not found')

    const bad = pod('broken')
    delete (bad.spec!.containers[0] as { image?: string }).image
    const invalid = await statusOf(pods.create(bad))
    expect(invalid.code).toBe(422)
    expect(invalid.reason).toBe('Invalid')
    expect(invalid.message).toBe('Pod "broken" is invalid: spec.containers[0].image: Required value')
    expect(invalid.status.details?.causes?.[0]).toEqual({ reason: 'FieldValueRequired', message: 'Required value', field: 'spec.containers[0].image' })
  })

  it('rejects a stale resourceVersion with 409 Conflict and keeps the stored object', async () => {
    const cms = cluster.client.resource(cmGVR)
    const v1 = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: { a: '1' } })
    const v2 = await cms.update({ ...structuredClone(v1), data: { a: '2' } })
    expect(Number(v2.metadata.resourceVersion)).toBeGreaterThan(Number(v1.metadata.resourceVersion))
    const conflict = await statusOf(cms.update({ ...structuredClone(v1), data: { a: '3' } }))
    expect(conflict.code).toBe(409)
    expect(conflict.message).toBe(
      'Operation cannot be fulfilled on configmaps "cfg": the object has been modified; please apply your changes to the latest version and try again'
    )
    expect((await cms.get('default', 'cfg')).data).toEqual({ a: '2' })
  })

  it('does not bump the revision for an update that changes nothing', async () => {
    const cms = cluster.client.resource(cmGVR)
    const v1 = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', namespace: 'default' }, data: { a: '1' } })
    const rev = cluster.store.revision
    const again = await cms.update(structuredClone(v1))
    expect(again.metadata.resourceVersion).toBe(v1.metadata.resourceVersion)
    expect(cluster.store.revision).toBe(rev)
  })

  it('generates names from generateName with a 5-character suffix', async () => {
    const pods = cluster.client.resource<Pod>(podsGVR)
    const p = pod('')
    delete p.metadata!.name
    p.metadata!.generateName = 'web-'
    const created = await pods.create(p)
    expect(created.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/)
  })

  it('bumps generation on spec changes only, and splits spec and status writes', async () => {
    const deploys = cluster.client.resource<Deployment>(deployGVR)
    const d1 = await deploys.create(deployment('web'))
    expect(d1.metadata?.generation).toBe(1)

    const withLabel = structuredClone(d1)
    withLabel.metadata!.labels = { team: 'a' }
    const d2 = await deploys.update(withLabel)
    expect(d2.metadata?.generation).toBe(1)

    const newImage = structuredClone(d2)
    newImage.spec!.template.spec!.containers[0].image = 'nginx:1.28'
    newImage.status = { replicas: 99 }
    const d3 = await deploys.update(newImage)
    expect(d3.metadata?.generation).toBe(2)
    expect(d3.status?.replicas).toBeUndefined()

    const statusWrite = structuredClone(d3)
    statusWrite.status = { replicas: 3, observedGeneration: 2 }
    statusWrite.spec!.replicas = 7
    const d4 = await deploys.updateStatus(statusWrite)
    expect(d4.status?.replicas).toBe(3)
    expect(d4.spec?.replicas).toBe(1)
    expect(d4.metadata?.generation).toBe(2)
  })

  it('marks objects with finalizers for deletion and removes them when the last finalizer goes', async () => {
    const cms = cluster.client.resource(cmGVR)
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'held', namespace: 'default', finalizers: ['example.com/hold'] } })
    const marked = await cms.delete('default', 'held')
    expect(marked.metadata.deletionTimestamp).toBeDefined()
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0)
    const released = structuredClone(await cms.get('default', 'held'))
    released.metadata.finalizers = []
    await cms.update(released)
    expect((await statusOf(cms.get('default', 'held'))).code).toBe(404)
  })

  it('moves a deleted namespace to Terminating and refuses new content in it', async () => {
    const namespaces = cluster.client.resource<Namespace>(nsGVR)
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'team-a' } })
    const terminating = await namespaces.delete(undefined, 'team-a')
    expect(terminating.status?.phase).toBe('Terminating')
    expect(terminating.metadata?.deletionTimestamp).toBeDefined()
    const refused = await statusOf(cluster.client.resource<Pod>(podsGVR).create(pod('late', {}, 'team-a')))
    expect(refused.code).toBe(403)
    expect(refused.message).toBe('pods "late" is forbidden: unable to create new content in namespace team-a because it is being terminated')

    const keep = await statusOf(namespaces.delete(undefined, 'default'))
    expect(keep.code).toBe(403)
    expect(keep.message).toBe('namespaces "default" is forbidden: this namespace may not be deleted')
  })

  it('lists with label and field selectors, and pages with limit/continue', async () => {
    const pods = cluster.client.resource<Pod>(podsGVR)
    for (let i = 0; i < 5; i++) await pods.create(pod(`p${i}`, { app: i % 2 ? 'odd' : 'even', tier: 'fe' }))
    const odd = await pods.list('default', { labelSelector: 'app=odd' })
    expect(odd.items.map((p) => p.metadata?.name)).toEqual(['p1', 'p3'])
    const set = await pods.list(undefined, { labelSelector: 'app in (even),tier' })
    expect(set.items.map((p) => p.metadata?.name)).toEqual(['p0', 'p2', 'p4'])
    const byName = await pods.list('default', { fieldSelector: 'metadata.name=p3' })
    expect(byName.items.map((p) => p.metadata?.name)).toEqual(['p3'])
    const notPending = await pods.list('default', { fieldSelector: 'status.phase!=Pending' })
    expect(notPending.items).toEqual([])

    const page1 = await pods.list('default', { limit: 2 })
    expect(page1.items.map((p) => p.metadata?.name)).toEqual(['p0', 'p1'])
    expect(page1.metadata.remainingItemCount).toBe(3)
    const page2 = await pods.list('default', { limit: 2, continue: page1.metadata.continue })
    expect(page2.items.map((p) => p.metadata?.name)).toEqual(['p2', 'p3'])
    const page3 = await pods.list('default', { limit: 2, continue: page2.metadata.continue })
    expect(page3.items.map((p) => p.metadata?.name)).toEqual(['p4'])
    expect(page3.metadata.continue).toBeUndefined()

    const badSel = await statusOf(pods.list('default', { labelSelector: 'app in (a' }))
    expect(badSel.code).toBe(400)
  })

  it('watches from a resourceVersion, replaying every change in order, and follows selection changes', async () => {
    const cms = cluster.client.resource(cmGVR)
    const start = await cms.list('default')
    const events: Array<[string, string, string | undefined]> = []
    const w = cms.watch('default', { resourceVersion: start.metadata.resourceVersion, labelSelector: 'watched=yes' }, (e: WatchEvent<KubeObject>) =>
      events.push([e.type, e.object.metadata.name ?? '', e.object.metadata.resourceVersion])
    )
    const a = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', namespace: 'default', labels: { watched: 'yes' } } })
    const b = await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b', namespace: 'default' } })
    const bIn = await cms.update({ ...structuredClone(b), metadata: { ...structuredClone(b.metadata), labels: { watched: 'yes' } } })
    const aOut = await cms.update({ ...structuredClone(a), metadata: { ...structuredClone(a.metadata), labels: { watched: 'no' } } })
    const bGone = await cms.delete('default', 'b')
    w.stop()
    expect(events).toEqual([
      ['ADDED', 'a', a.metadata.resourceVersion],
      ['ADDED', 'b', bIn.metadata.resourceVersion],
      ['DELETED', 'a', aOut.metadata.resourceVersion],
      ['DELETED', 'b', bGone.metadata.resourceVersion]
    ])

    // A second watcher from the same start revision sees the same history, replayed.
    const replay: string[] = []
    const w2 = cms.watch('default', { resourceVersion: start.metadata.resourceVersion }, (e) => replay.push(`${e.type} ${e.object.metadata.name}`))
    // History is replayed asynchronously, right after watch() returns its handle.
    await new Promise((r) => setImmediate(r))
    w2.stop()
    expect(replay).toEqual(['ADDED a', 'ADDED b', 'MODIFIED b', 'MODIFIED a', 'DELETED b'])
  })

  it('starts a watch without a resourceVersion with the current state as ADDED events', async () => {
    const cms = cluster.client.resource(cmGVR)
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: 'default' } })
    const seen: string[] = []
    const w = cms.watch('default', {}, (e) => seen.push(`${e.type} ${e.object.metadata.name}`))
    await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'y', namespace: 'default' } })
    w.stop()
    expect(seen).toEqual(['ADDED x', 'ADDED y'])
  })
})

describe('a cluster in a data dir', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kubelab-cluster-'))
  })
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true })
  })

  it('restarts with the same objects and revision', async () => {
    const first = await Cluster.start({ dataDir: dir, clock: 'manual', components: [] })
    const pods = first.client.resource<Pod>(podsGVR)
    for (let i = 0; i < 20; i++) await pods.create(pod(`p${i}`))
    await pods.delete('default', 'p3')
    const revision = first.store.revision
    const before = (await pods.list()).items
    await first.stop()

    const second = await Cluster.start({ dataDir: dir, clock: 'manual', components: [] })
    try {
      expect(second.store.revision).toBe(revision)
      expect((await second.client.resource<Pod>(podsGVR).list()).items).toEqual(before)
    } finally {
      await second.stop()
    }
  })

  it('refuses a second opener of the same data dir', async () => {
    const first = await Cluster.start({ dataDir: dir, clock: 'manual', components: [] })
    try {
      await expect(Cluster.start({ dataDir: dir, clock: 'manual', components: [] })).rejects.toThrow(/is in use by another Kubelab process/)
    } finally {
      await first.stop()
    }
  })
})

describe('pods/binding', () => {
  it('binds a pending pod once, marking it PodScheduled, and refuses a second binding', async () => {
    const cluster = await Cluster.start({ clock: 'manual', components: [] })
    try {
      const pods = cluster.client.resource<Pod>(podsGVR)
      await pods.create(pod('web'))
      await cluster.client.bind({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'default' }, target: { kind: 'Node', name: 'node-1' } })
      const bound = await pods.get('default', 'web')
      expect(bound.spec?.nodeName).toBe('node-1')
      expect(bound.status?.conditions?.find((c) => c.type === 'PodScheduled')?.status).toBe('True')
      const again = await statusOf(
        cluster.client.bind({ apiVersion: 'v1', kind: 'Binding', metadata: { name: 'web', namespace: 'default' }, target: { kind: 'Node', name: 'node-2' } })
      )
      expect(again.code).toBe(409)
      expect(again.message).toBe('Operation cannot be fulfilled on pods "web": pod web is already assigned to node "node-1"')
    } finally {
      await cluster.stop()
    }
  })
})
