import {
  ApiException,
  AppsV1Api,
  CoreV1Api,
  KubeConfig,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  makeInformer,
  setHeaderOptions,
  type V1ConfigMap,
  type V1Deployment
} from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** The Kubernetes Status an ApiException carries (client-node 1.x keeps the body as text). */
function statusOf(e: unknown): { kind: string; code: number; reason: string; message: string; status: string; details?: Record<string, unknown> } {
  expect(e).toBeInstanceOf(ApiException)
  const body = (e as ApiException<unknown>).body
  return typeof body === 'string' ? JSON.parse(body) : (body as never)
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p
  } catch (e) {
    return e
  }
  throw new Error('expected the request to fail')
}

const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch)

function deployment(name: string, replicas: number): V1Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } }
    }
  }
}

/** The real @kubernetes/client-node 1.x against a headless Kubelab with no controllers. */
describe('@kubernetes/client-node against Kubelab: API basics', () => {
  let k: KubectlHarness
  let kc: KubeConfig
  let core: CoreV1Api
  let apps: AppsV1Api

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
    kc = new KubeConfig()
    kc.loadFromFile(k.kubeconfig)
    core = kc.makeApiClient(CoreV1Api)
    apps = kc.makeApiClient(AppsV1Api)
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('lists namespaces and pods', async () => {
    const ns = await core.listNamespace()
    expect(ns.items.map((n) => n.metadata!.name).sort()).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system'])
    expect(ns.metadata?.resourceVersion).toBeTruthy()
    const pods = await core.listPodForAllNamespaces()
    expect(Array.isArray(pods.items)).toBe(true)
    const defaultPods = await core.listNamespacedPod({ namespace: 'default' })
    expect(defaultPods.items).toEqual([])
  })

  it('creates, reads, merge-patches and deletes a ConfigMap', async () => {
    const created = await core.createNamespacedConfigMap({
      namespace: 'default',
      body: { metadata: { name: 'settings', labels: { tier: 'web' } }, data: { a: '1' } }
    })
    expect(created.metadata?.uid).toBeTruthy()
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date)
    const read = await core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' })
    expect(read.data).toEqual({ a: '1' })
    const patched = await core.patchNamespacedConfigMap({ name: 'settings', namespace: 'default', body: { data: { b: '2' }, metadata: { labels: { tier: null } } } }, mergePatch)
    expect(patched.data).toEqual({ a: '1', b: '2' })
    expect(patched.metadata?.labels ?? {}).toEqual({})
    expect(Number(patched.metadata!.resourceVersion)).toBeGreaterThan(Number(created.metadata!.resourceVersion))
    const status = await core.deleteNamespacedConfigMap({ name: 'settings', namespace: 'default' })
    expect(status).toBeTruthy()
    const gone = statusOf(await rejection(core.readNamespacedConfigMap({ name: 'settings', namespace: 'default' })))
    expect(gone.code).toBe(404)
  })

  it('creates, reads, merge-patches, scales and deletes a Deployment', async () => {
    const created = await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('web', 2) })
    expect(created.spec?.replicas).toBe(2)
    expect(created.spec?.strategy?.type).toBe('RollingUpdate')
    const read = await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })
    expect(read.metadata?.uid).toBe(created.metadata?.uid)
    expect(read.spec?.template.spec?.containers[0].image).toBe('nginx:1.27')

    const patched = await apps.patchNamespacedDeployment(
      { name: 'web', namespace: 'default', body: { metadata: { annotations: { owner: 'team-a' } }, spec: { minReadySeconds: 5 } } },
      mergePatch
    )
    expect(patched.metadata?.annotations?.owner).toBe('team-a')
    expect(patched.spec?.minReadySeconds).toBe(5)
    expect(patched.metadata?.generation).toBe(2)

    const scale = await apps.readNamespacedDeploymentScale({ name: 'web', namespace: 'default' })
    expect(scale.kind).toBe('Scale')
    expect(scale.spec?.replicas).toBe(2)
    const replaced = await apps.replaceNamespacedDeploymentScale({
      name: 'web',
      namespace: 'default',
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 5 } }
    })
    expect(replaced.spec?.replicas).toBe(5)
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).spec?.replicas).toBe(5)

    const patchedScale = await apps.patchNamespacedDeploymentScale({ name: 'web', namespace: 'default', body: { spec: { replicas: 1 } } }, mergePatch)
    expect(patchedScale.spec?.replicas).toBe(1)
    expect((await apps.readNamespacedDeployment({ name: 'web', namespace: 'default' })).spec?.replicas).toBe(1)

    await apps.deleteNamespacedDeployment({ name: 'web', namespace: 'default' })
    await waitFor(
      async () => statusOf(await rejection(apps.readNamespacedDeployment({ name: 'web', namespace: 'default' }))).code === 404,
      'the Deployment to be gone'
    )
  })

  it('a 404 surfaces as ApiException with the NotFound Status', async () => {
    const e = await rejection(core.readNamespacedConfigMap({ name: 'nope', namespace: 'default' }))
    expect((e as ApiException<string>).code).toBe(404)
    const s = statusOf(e)
    expect(s).toMatchObject({ kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'configmaps "nope" not found' })
    expect(s.details).toMatchObject({ name: 'nope', kind: 'configmaps' })
  })

  it('a 409 surfaces as ApiException with the AlreadyExists Status', async () => {
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'twice' } } })
    const e = await rejection(core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'twice' } } }))
    expect((e as ApiException<string>).code).toBe(409)
    expect(statusOf(e)).toMatchObject({ kind: 'Status', status: 'Failure', code: 409, reason: 'AlreadyExists', message: 'configmaps "twice" already exists' })
    await core.deleteNamespacedConfigMap({ name: 'twice', namespace: 'default' })
  })

  it('an Informer sees ADDED, UPDATE and DELETE for ConfigMaps', async () => {
    await core.createNamespaceWithHttpInfo({ body: { metadata: { name: 'inf' } } })
    await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'before' } } })
    const informer = makeInformer<V1ConfigMap>(kc, '/api/v1/namespaces/inf/configmaps', () => core.listNamespacedConfigMap({ namespace: 'inf' }))
    const events: string[] = []
    const errors: unknown[] = []
    informer.on('add', (o) => events.push(`add ${o.metadata!.name}`))
    informer.on('update', (o) => events.push(`update ${o.metadata!.name} ${JSON.stringify(o.data ?? {})}`))
    informer.on('delete', (o) => events.push(`delete ${o.metadata!.name}`))
    informer.on('error', (err) => errors.push(err))
    await informer.start()
    try {
      await waitFor(() => events.includes('add before'), 'the initial list to reach the informer')
      expect(informer.list('inf').map((o) => o.metadata!.name)).toEqual(['before'])

      await core.createNamespacedConfigMap({ namespace: 'inf', body: { metadata: { name: 'live' }, data: { v: '1' } } })
      await waitFor(() => events.includes('add live'), 'ADDED for live')
      await core.patchNamespacedConfigMap({ name: 'live', namespace: 'inf', body: { data: { v: '2' } } }, mergePatch)
      await waitFor(() => events.includes('update live {"v":"2"}'), 'UPDATE for live')
      expect(informer.get('live', 'inf')?.data).toEqual({ v: '2' })
      await core.deleteNamespacedConfigMap({ name: 'live', namespace: 'inf' })
      await waitFor(() => events.includes('delete live'), 'DELETE for live')
      expect(informer.get('live', 'inf')).toBeUndefined()
      expect(events).toEqual(['add before', 'add live', 'update live {"v":"2"}', 'delete live'])
      expect(errors).toEqual([])
    } finally {
      await informer.stop()
    }
  })

  it('a raw Watch from a resourceVersion sees only later events', async () => {
    await core.createNamespace({ body: { metadata: { name: 'w' } } })
    await core.createNamespacedConfigMap({ namespace: 'w', body: { metadata: { name: 'old' } } })
    const list = await core.listNamespacedConfigMap({ namespace: 'w' })
    const rv = list.metadata!.resourceVersion!
    const seen: Array<{ type: string; name: string; rv: string }> = []
    let doneErr: unknown = 'open'
    const controller = await new Watch(kc).watch(
      '/api/v1/namespaces/w/configmaps',
      { resourceVersion: rv, allowWatchBookmarks: true },
      (type, obj: V1ConfigMap) => {
        if (type !== 'BOOKMARK') seen.push({ type, name: obj.metadata!.name!, rv: obj.metadata!.resourceVersion! })
      },
      (err) => (doneErr = err)
    )
    try {
      await core.createNamespacedConfigMap({ namespace: 'w', body: { metadata: { name: 'new' }, data: { x: '1' } } })
      await core.patchNamespacedConfigMap({ name: 'new', namespace: 'w', body: { data: { x: '2' } } }, mergePatch)
      await core.deleteNamespacedConfigMap({ name: 'new', namespace: 'w' })
      await waitFor(() => seen.length >= 3, 'three watch events')
      expect(seen.map((e) => `${e.type} ${e.name}`)).toEqual(['ADDED new', 'MODIFIED new', 'DELETED new'])
      for (const e of seen) expect(Number(e.rv)).toBeGreaterThan(Number(rv))
      expect(doneErr).toBe('open')
    } finally {
      controller.abort()
    }
  })

  it('a replace with a stale resourceVersion is a 409 Conflict', async () => {
    const cm = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'stale' }, data: { v: '1' } } })
    await core.replaceNamespacedConfigMap({ name: 'stale', namespace: 'default', body: { ...cm, data: { v: '2' } } })
    const e = await rejection(core.replaceNamespacedConfigMap({ name: 'stale', namespace: 'default', body: { ...cm, data: { v: '3' } } }))
    expect(statusOf(e)).toMatchObject({ kind: 'Status', code: 409, reason: 'Conflict' })
    expect(statusOf(e).message).toContain('the object has been modified')
    await core.deleteNamespacedConfigMap({ name: 'stale', namespace: 'default' })
  })

  it('KubernetesObjectApi creates, reads, merge-patches and deletes through discovery', async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc)
    const spec = deployment('generic', 1)
    spec.metadata!.namespace = 'default'
    const created = await objects.create(spec)
    expect(created.metadata?.uid).toBeTruthy()
    const read = await objects.read<V1Deployment>({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: 'default' } })
    expect(read.spec?.replicas).toBe(1)
    const patched = await objects.patch<V1Deployment>(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: 'default', labels: { patched: 'yes' } } },
      undefined,
      undefined,
      undefined,
      undefined,
      PatchStrategy.MergePatch
    )
    expect(patched.metadata?.labels).toEqual({ app: 'generic', patched: 'yes' })
    const listed = await objects.list('apps/v1', 'Deployment', 'default', undefined, undefined, undefined, undefined, 'patched=yes')
    expect(listed.items.map((o) => o.metadata?.name)).toEqual(['generic'])
    await objects.delete({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: 'default' } })
    const e = await rejection(objects.read({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'generic', namespace: 'default' } }))
    expect(statusOf(e)).toMatchObject({ code: 404, reason: 'NotFound' })
  })

  it('an Informer with a label selector sees only matching ConfigMaps', async () => {
    await core.createNamespace({ body: { metadata: { name: 'sel' } } })
    const informer = makeInformer<V1ConfigMap>(
      kc,
      '/api/v1/namespaces/sel/configmaps',
      () => core.listNamespacedConfigMap({ namespace: 'sel', labelSelector: 'pick=me' }),
      'pick=me'
    )
    const added: string[] = []
    informer.on('add', (o) => added.push(o.metadata!.name!))
    await informer.start()
    try {
      await core.createNamespacedConfigMap({ namespace: 'sel', body: { metadata: { name: 'other', labels: { pick: 'no' } } } })
      await core.createNamespacedConfigMap({ namespace: 'sel', body: { metadata: { name: 'chosen', labels: { pick: 'me' } } } })
      await waitFor(() => added.includes('chosen'), 'ADDED for chosen')
      expect(added).toEqual(['chosen'])
      expect(informer.list().map((o) => o.metadata!.name)).toEqual(['chosen'])
    } finally {
      await informer.stop()
    }
  })
})

/** With the controllers, scheduler and nodes running: what the client sees of a rollout. */
describe('@kubernetes/client-node against Kubelab: with the default components', () => {
  let k: KubectlHarness
  let core: CoreV1Api
  let apps: AppsV1Api

  beforeAll(async () => {
    k = await startKubectlHarness()
    const kc = new KubeConfig()
    kc.loadFromFile(k.kubeconfig)
    core = kc.makeApiClient(CoreV1Api)
    apps = kc.makeApiClient(AppsV1Api)
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('a Deployment rolls out pods, scales through the scale subresource, and its pods go on delete', async () => {
    await apps.createNamespacedDeployment({ namespace: 'default', body: deployment('shop', 2) })
    const podsOf = async () => (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=shop' })).items.filter((p) => !p.metadata?.deletionTimestamp)
    await waitFor(async () => (await apps.readNamespacedDeploymentStatus({ name: 'shop', namespace: 'default' })).status?.readyReplicas === 2, 'two ready replicas')
    expect((await podsOf()).every((p) => p.status?.phase === 'Running' && p.spec?.nodeName)).toBe(true)

    await apps.replaceNamespacedDeploymentScale({
      name: 'shop',
      namespace: 'default',
      body: { apiVersion: 'autoscaling/v1', kind: 'Scale', metadata: { name: 'shop', namespace: 'default' }, spec: { replicas: 3 } }
    })
    await waitFor(async () => (await apps.readNamespacedDeploymentScale({ name: 'shop', namespace: 'default' })).status?.replicas === 3, 'scale status of 3')
    await waitFor(async () => (await apps.readNamespacedDeployment({ name: 'shop', namespace: 'default' })).status?.readyReplicas === 3, 'three ready replicas')
    const scale = await apps.readNamespacedDeploymentScale({ name: 'shop', namespace: 'default' })
    expect(scale.status?.selector).toBe('app=shop')

    await apps.deleteNamespacedDeployment({ name: 'shop', namespace: 'default', body: { propagationPolicy: 'Foreground' } })
    await waitFor(async () => (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=shop' })).items.length === 0, 'the pods to be gone', 20_000)
    await waitFor(
      async () => statusOf(await rejection(apps.readNamespacedDeployment({ name: 'shop', namespace: 'default' }))).code === 404,
      'the Deployment to be gone'
    )
  })
})
