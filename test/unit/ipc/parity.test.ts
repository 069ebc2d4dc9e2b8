/**
 * The Electron path of the contract, end to end in one process: preload
 * (preload/index.ts, with electron replaced by a faithful stand-in) exposes
 * `window.kubelab`; main registers its handlers and feeds
 * (main/ipc/electron-transport.ts, main/ipc/feeds.ts) over a real cluster.
 * Every call and every event must round-trip, structured-cloned at each hop.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { createHandlers } from '../../../main/ipc/handlers'
import { attachElectronTransport, type ElectronTransport } from '../../../main/ipc/electron-transport'
import { startFeeds, type Feeds } from '../../../main/ipc/feeds'
import {
  callChannels,
  eventChannels,
  watchedResources,
  type CallChannel,
  type CallFailure,
  type Calls,
  type EventChannel,
  type Events,
  type KubelabApi
} from '../../../preload/contract'
import { createFakeElectron } from './fake-electron'

const fake = createFakeElectron()
vi.mock('electron', () => ({ contextBridge: fake.contextBridge, ipcRenderer: fake.ipcRenderer }))

const deployments = { group: 'apps', version: 'v1', resource: 'deployments' }
const configmaps = { group: '', version: 'v1', resource: 'configmaps' }
const deploymentYaml = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: { app: web }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: nginx, image: nginx:1.27 }]
`
const doomedYaml = `apiVersion: v1
kind: ConfigMap
metadata: { name: doomed }
data: { a: "1" }
`

const loggerYaml = `apiVersion: v1
kind: Pod
metadata: { name: logger }
spec: { containers: [{ name: c, image: busybox }] }
`

/** One valid argument list per call; the type makes a new channel without a sample fail to compile. */
const samples: { [C in CallChannel]: Calls[C]['args'] } = {
  'cluster/info': [],
  'resources/list': [],
  'objects/list': [{ gvr: deployments, namespace: 'default' }],
  'objects/get': [{ gvr: deployments, namespace: 'default', name: 'web' }],
  'objects/apply': [{ yaml: deploymentYaml }],
  'objects/delete': [{ gvr: configmaps, namespace: 'default', name: 'doomed', propagationPolicy: 'Background' }],
  'objects/scale': [{ gvr: deployments, namespace: 'default', name: 'web', replicas: 3 }],
  'objects/patch': [{ gvr: deployments, namespace: 'default', name: 'web', type: 'merge', patch: { metadata: { labels: { tier: 'frontend' } } } }],
  'nodes/action': [{ node: 'node-a', action: 'cordon' }],
  'nodes/add': [{}],
  'pods/logs': [{ namespace: 'default', name: 'logger' }],
  'pods/logs-follow': [{ namespace: 'default', name: 'logger', container: 'c' }],
  'pods/logs-stop': [{ id: 1 }],
  'network/proxy-rules': [{ node: 'node-a' }],
  'network/trace': [{ source: { external: true }, destination: { address: '10.96.0.99', port: 80 } }],
  'clock/state': [],
  'clock/set': [{ paused: true, speed: 10 }],
  'clock/step': [{ ms: 1500 }],
  'lessons/list': [],
  'lessons/state': [],
  'lessons/start': [{ id: 'scale-rc' }],
  'lessons/close': [],
  'lessons/advance': [{ id: 'scale-rc', step: 0 }],
  'lessons/evaluate': [{ id: 'scale-rc', selected: null }],
  'lessons/action': [{ id: 'scale-rc', step: 'up', index: 0 }],
  'lessons/apply': [{ id: 'scale-rc', step: 'start' }],
  'lessons/trace': [{ id: 'broken-service', step: 'trace', request: { source: { external: true }, destination: { address: '10.96.0.99', port: 80 } } }],
  'lessons/reset': [{ id: 'scale-rc' }]
}

/** What each call's result must show (the result crossed two structured clones and the bridge). */
const checks: { [C in CallChannel]: (r: Calls[C]['result']) => void } = {
  'cluster/info': (r) => {
    expect(r.name).toBe('kubelab')
    expect(r.network.podCIDR).toBe('10.244.0.0/16')
  },
  'resources/list': (r) => {
    expect(r.find((k) => k.kind === 'Deployment')).toMatchObject({ group: 'apps', plural: 'deployments', namespaced: true, scalable: true })
    for (const w of watchedResources) expect(r.some((k) => k.group === w.group && k.plural === w.resource)).toBe(true)
  },
  'objects/list': (r) => {
    expect(r.items.map((o) => o.metadata.name)).toEqual(['web'])
    // The renderer never shows managedFields; lists leave them out, as the feed does.
    expect(r.items[0].metadata.managedFields).toBeUndefined()
  },
  'objects/get': (r) => expect(r).toMatchObject({ kind: 'Deployment', metadata: { name: 'web', namespace: 'default' } }),
  'objects/apply': (r) => expect(r).toMatchObject([{ ok: true, action: 'unchanged', object: { metadata: { name: 'web' } } }]),
  'objects/delete': (r) => expect(r.metadata.name).toBe('doomed'),
  'objects/scale': (r) => expect((r.spec as { replicas: number }).replicas).toBe(3),
  'objects/patch': (r) => expect(r.metadata.labels).toEqual({ app: 'web', tier: 'frontend' }),
  'nodes/action': (r) => expect(r.node).toMatchObject({ metadata: { name: 'node-a' }, spec: { unschedulable: true } }),
  'nodes/add': (r) => expect(r).toMatchObject({ kind: 'Node', metadata: { name: 'kubelab-worker' } }),
  // Not scheduled (no components here): no node holds a log yet, so it is empty, as the API answers.
  'pods/logs': (r) => expect(r).toEqual({ container: 'c', text: '' }),
  'pods/logs-follow': (r) => expect(r).toMatchObject({ id: expect.any(Number), container: 'c', text: '' }),
  'pods/logs-stop': (r) => expect(r).toBeUndefined(),
  // No Service has that ClusterIP: the trace engine says the packet is dropped, and why.
  'network/trace': (r) => {
    expect(r.verdict).toBe('Dropped')
    expect(r.reason).toBeTruthy()
  },
  'network/proxy-rules': (r) => {
    expect(r.text).toContain('*nat')
    expect(r.chains).toEqual([])
  },
  'clock/state': (r) => expect(r.mode).toBe('manual'),
  'clock/set': (r) => expect(r.paused).toBe(true),
  'clock/step': (r) => expect(r.now).toBeGreaterThanOrEqual(start + 1500),
  'lessons/list': (r) => {
    expect(r.map((l) => l.id)).toEqual(['guestbook', 'scale-rc', 'node-down', 'hpa', 'pv-pvc', 'static-pods', 'namespaces', 'broken-service'])
    expect(r[0].steps[0].manifests).toContain('kind: ReplicationController')
  },
  'lessons/state': (r) => expect(r).toMatchObject({ active: '', resetting: false }),
  'lessons/start': (r) => expect(r).toMatchObject({ active: 'scale-rc', check: { lessonId: 'scale-rc', step: 'start', done: false, reason: 'no ReplicationController frontend in default yet' } }),
  'lessons/close': (r) => expect(r.active).toBe(''),
  'lessons/advance': (r) => expect(r.progress['scale-rc']).toEqual({ step: 0, passed: [] }),
  'lessons/evaluate': (r) => expect(r).toEqual({ lessonId: 'scale-rc', step: 'start', done: false, reason: 'no ReplicationController frontend in default yet' }),
  'lessons/action': (r) => expect(r).toMatchObject({ action: { type: 'scale', name: 'frontend', replicas: 5 } }),
  'lessons/apply': (r) => expect(r.map((x) => x.ok && `${x.object.kind}/${x.object.metadata.name} ${x.action}`)).toEqual(['ReplicationController/frontend created', 'Service/frontend created']),
  'lessons/trace': (r) => expect(r.verdict).toBe('Dropped'),
  // Reset deletes what the apply created.
  'lessons/reset': (r) => expect(r).toMatchObject({ failures: [], state: { progress: { 'scale-rc': { step: 0, passed: [] } } } })
}

let cluster: Cluster
let transport: ElectronTransport
let feeds: Feeds
let api: KubelabApi
let start = 0

beforeAll(async () => {
  cluster = await Cluster.start({ clock: 'manual', components: [] })
  start = cluster.clock.now()
  await cluster.client.resource({ group: '', version: 'v1', resource: 'nodes' }).create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-a' } })
  // No kube-proxy component runs here: the node's (empty) rule set is registered as kube-proxy would.
  cluster.world.proxyRules.setNode({ name: 'node-a', addresses: ['172.18.0.9'] })
  transport = attachElectronTransport(fake.ipcMain, fake.webContents, createHandlers(cluster, { emit: () => transport.emit }))
  feeds = startFeeds(cluster, transport.emit, { flushMs: 1, tickMs: 1 })
  await import('../../../preload/index')
  api = fake.world.kubelab as KubelabApi
  const created = await api.call('objects/apply', { yaml: deploymentYaml + '---\n' + doomedYaml + '---\n' + loggerYaml })
  expect(created.map((r) => r.ok && r.action)).toEqual(['created', 'created', 'created'])
})

afterAll(async () => {
  feeds?.stop()
  transport?.close()
  await cluster?.stop()
})

describe('the Electron transport carries exactly the contract', () => {
  it('registers one handler per call channel, and no other', () => {
    expect([...fake.ipcMain.channels].sort()).toEqual([...callChannels].sort())
  })

  it('exposes window.kubelab with call and on only', () => {
    expect(Object.keys(fake.world)).toEqual(['kubelab'])
    expect(Object.keys(api).sort()).toEqual(['call', 'on'])
  })

  it.each(callChannels.map((c) => [c]))('%s round-trips', async (channel) => {
    const call = api.call as (c: CallChannel, ...a: unknown[]) => Promise<unknown>
    const result = await call(channel, ...samples[channel])
    ;(checks[channel] as (r: unknown) => void)(result)
  })

  const triggers: { [E in EventChannel]: () => Promise<unknown> } = {
    'watch/deltas': () => api.call('objects/apply', { yaml: 'apiVersion: v1\nkind: Service\nmetadata: { name: fresh }\nspec: { ports: [{ port: 80 }] }\n' }),
    'clock/tick': () => api.call('clock/step', { ms: 10 }),
    'pods/log-lines': () => api.call('pods/logs-follow', { namespace: 'default', name: 'logger' }),
    // The native menu's commands come from main itself, not from a call.
    'app/command': async () => transport.emit('app/command', { command: 'toggle-theme' }),
    'lessons/report': () => api.call('lessons/start', { id: 'guestbook' })
  }
  const eventChecks: { [E in EventChannel]: (p: Events[E]) => boolean } = {
    'watch/deltas': (p) => p.deltas.some((d) => d.type === 'ADDED' && d.resource === 'services' && d.object.metadata.name === 'fresh'),
    'clock/tick': (p) => p.mode === 'manual' && p.now > start,
    'pods/log-lines': (p) => p.ended === true && typeof p.id === 'number',
    'app/command': (p) => p.command === 'toggle-theme',
    'lessons/report': (p) => p.active === 'guestbook' && p.check?.reason === 'no ReplicationController redis-master in default yet'
  }

  it.each(eventChannels.map((e) => [e]))('%s reaches the page', async (channel) => {
    const got = new Promise<unknown>((resolve) => {
      const off = api.on(channel, (payload) => {
        if ((eventChecks[channel] as (p: unknown) => boolean)(payload)) {
          off()
          resolve(payload)
        }
      })
    })
    await triggers[channel]()
    await expect(got).resolves.toBeTruthy()
    // Unsubscribing through the bridge removes the IPC listener.
    expect(fake.ipcRenderer.listenerCount(channel)).toBe(0)
  })

  it('pushes watch deltas for the kinds the UI draws, in order', async () => {
    const batches: Events['watch/deltas'][] = []
    const off = api.on('watch/deltas', (p) => batches.push(p))
    const yaml = ['a', 'b', 'c'].map((n) => `apiVersion: v1\nkind: Pod\nmetadata: { name: ${n} }\nspec: { containers: [{ name: c, image: busybox }] }\n`).join('---\n')
    await api.call('objects/apply', { yaml })
    await vi.waitFor(() => expect(batches.flatMap((b) => b.deltas.filter((d) => d.resource === 'pods')).length).toBeGreaterThanOrEqual(3))
    off()
    const pods = batches.flatMap((b) => b.deltas.filter((d) => d.resource === 'pods' && d.type === 'ADDED'))
    expect(pods.map((d) => d.object.metadata.name)).toEqual(['a', 'b', 'c'])
    for (const b of batches) expect(b.revision).toBeGreaterThanOrEqual(Number(b.deltas.at(-1)!.object.metadata.resourceVersion))
  })

  it('sends events on contract channels only', () => {
    expect(fake.sent.length).toBeGreaterThan(0)
    for (const channel of fake.sent) expect(eventChannels as readonly string[]).toContain(channel)
  })
})

describe('bad calls get an error, never a crash', () => {
  const failure = async (p: Promise<unknown>): Promise<CallFailure> => {
    try {
      await p
    } catch (e) {
      return e as CallFailure
    }
    throw new Error('the call succeeded')
  }
  const call = (channel: string, ...args: unknown[]): Promise<unknown> => (api.call as (c: string, ...a: unknown[]) => Promise<unknown>)(channel, ...args)

  it('refuses arguments that do not fit the contract', async () => {
    expect((await failure(call('objects/get', { gvr: 'pods', name: 'x' }))).message).toBe('objects/get: argument 1 .gvr must be an object, got string')
    expect((await failure(call('objects/get'))).message).toBe('objects/get: expected 1 argument(s), got 0')
    expect((await failure(call('objects/scale', { gvr: deployments, namespace: 'default', name: 'web', replicas: -1 })))).toMatchObject({
      message: 'objects/scale: argument 1 .replicas must be at least 0, got -1'
    })
    expect((await failure(call('clock/set', { paused: 'yes' }))).message).toBe('clock/set: argument 1 .paused must be true or false, got string')
    expect((await failure(call('objects/apply', { yaml: 'x', extra: 1 }))).message).toBe('objects/apply: argument 1 has an unknown field "extra"')
    expect((await failure(call('nodes/action', { node: 'node-a', action: 'explode' }))).message).toBe(
      'nodes/action: argument 1 .action must be one of power-off, power-on, cordon, uncordon, drain, got string'
    )
    expect((await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'apply', patch: {} }))).message).toBe(
      'objects/patch: argument 1 .type must be one of json, merge, strategic, got string'
    )
    expect((await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'merge', patch: 'x' }))).message).toBe(
      'objects/patch: argument 1 .patch must be an object or a list, got string'
    )
    let deep: unknown = {}
    for (let i = 0; i < 100; i++) deep = { a: deep }
    expect((await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'merge', patch: deep }))).message).toBe(
      'objects/patch: argument 1 .patch must nest at most 64 levels deep'
    )
    expect((await failure(call('nodes/add', { name: '' }))).message).toBe('nodes/add: argument 1 .name must not be empty')
    expect((await failure(call('lessons/evaluate', { id: 'guestbook', selected: { resource: 'pods' } }))).message).toBe('lessons/evaluate: argument 1 .selected .name must be a string, got undefined')
    expect((await failure(call('lessons/action', { id: 'guestbook', step: 'visit', index: 1.5 }))).message).toBe('lessons/action: argument 1 .index must be a whole number, got 1.5')
    // Arguments that fit but name what does not exist, or a step not open yet: an error, not a crash.
    expect((await failure(call('lessons/start', { id: 'nope' }))).message).toBe('no lesson "nope"')
    expect((await failure(call('lessons/advance', { id: 'guestbook', step: 3 }))).message).toBe('step 4 of lesson guestbook is not open yet: the steps before it are not done')
    expect((await failure(call('network/proxy-rules', { node: 'nowhere' }))).message).toContain('kube-proxy keeps no rules for node "nowhere"')
    expect((await failure(call('pods/logs', { namespace: 'default', name: 'logger', tailLines: -1 }))).message).toBe('pods/logs: argument 1 .tailLines must be at least 0, got -1')
    // The API's own check of the container name.
    expect((await failure(call('pods/logs', { namespace: 'default', name: 'logger', container: 'nope' })))).toMatchObject({
      message: 'container nope is not valid for pod logger',
      status: { code: 400, reason: 'BadRequest' }
    })
  })

  it('answers a patch the API refuses with its Status', async () => {
    const bad = await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'merge', patch: { spec: { replicas: -2 } } }))
    expect(bad.status).toMatchObject({ reason: 'Invalid', code: 422 })
    expect(bad.message).toContain('spec.replicas: Invalid value: -2')
    const stale = await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'merge', patch: { metadata: { resourceVersion: '1' } } }))
    expect(stale.status).toMatchObject({ reason: 'Conflict', code: 409 })
    const json = await failure(call('objects/patch', { gvr: deployments, namespace: 'default', name: 'web', type: 'json', patch: [{ op: 'remove', path: '/spec/nothing' }] }))
    expect(json.status?.code).toBeGreaterThanOrEqual(400)
    expect(json.status?.code).toBeLessThan(500)
  })

  it('refuses channels outside the contract in preload, and main has no handler for them', async () => {
    expect((await failure(call('cluster/reset'))).message).toBe('unknown call cluster/reset')
    await expect(fake.ipcRenderer.invoke('cluster/reset')).rejects.toThrow(/No handler registered/)
    expect(() => api.on('secret/event' as EventChannel, () => {})).toThrow(/unknown event/)
  })

  it('answers only the app window top frame', async () => {
    const other = await fake.invokeAs({}, { parent: null }, 'cluster/info')
    expect(other).toEqual({ ok: false, error: { message: 'calls are accepted from the app window only' } })
    const iframe = await fake.invokeAs(fake.webContents, { parent: {} }, 'cluster/info')
    expect(iframe).toMatchObject({ ok: false })
  })

  it('keeps the API Status of a failed call across the bridge', async () => {
    const f = await failure(call('objects/get', { gvr: { group: '', version: 'v1', resource: 'pods' }, namespace: 'default', name: 'nope' }))
    expect(f.message).toBe('pods "nope" not found')
    expect(f.status).toMatchObject({ kind: 'Status', reason: 'NotFound', code: 404 })
  })

  it('still answers after all of that', async () => {
    await expect(api.call('cluster/info')).resolves.toMatchObject({ name: 'kubelab' })
  })
})
