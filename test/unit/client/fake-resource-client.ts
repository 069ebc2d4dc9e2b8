import type { GroupVersionResource, KubeList, KubeObject } from '../../../main/cluster/apimachinery/types'
import { expired, internalError, notFound } from '../../../main/cluster/apimachinery/errors'
import type { Client, ListOptions, ResourceClient, WatchEvent, WatchOptions, Watcher } from '../../../main/cluster/client/types'
import { keyOf, objectKey } from '../../../main/cluster/client/indexer-keys'

interface Subscriber {
  namespace?: string
  onEvent: (event: WatchEvent) => void
  stopped: boolean
}

/**
 * An in-memory resource collection with etcd-like resourceVersions, a watch
 * that replays history from a resourceVersion, and levers to break things:
 * compaction (watches from older versions throw 410), expire() (live watches
 * get ERROR 410 Expired and hear nothing more), failing lists, and a hook
 * that runs between a list's snapshot and its answer.
 * Events are delivered on microtasks, in order, as a stream would.
 */
export class FakeResourceClient implements ResourceClient {
  private revision = 0
  private readonly objects = new Map<string, KubeObject>()
  private history: Array<WatchEvent & { revision: number }> = []
  private compactedThrough = 0
  private readonly subscribers = new Set<Subscriber>()
  listCalls = 0
  watchCalls: WatchOptions[] = []
  /** How many coming list calls fail. */
  failLists = 0
  /** Runs after a list took its snapshot, before it answers (to change things "between list and watch"). */
  afterListSnapshot?: () => void

  /** Creates (or replaces) an object, stamping uid and resourceVersion. */
  put(obj: KubeObject): KubeObject {
    const key = objectKey(obj)
    const old = this.objects.get(key)
    const stored: KubeObject = structuredClone(obj)
    stored.metadata.uid ??= old?.metadata.uid ?? `uid-${key}`
    stored.metadata.resourceVersion = String(++this.revision)
    this.objects.set(key, stored)
    this.record({ type: old ? 'MODIFIED' : 'ADDED', object: stored })
    return stored
  }

  remove(namespace: string | undefined, name: string): void {
    const key = keyOf(namespace, name)
    const old = this.objects.get(key)
    if (!old) throw notFound({ group: '', resource: 'things' }, name)
    this.objects.delete(key)
    const last = { ...old, metadata: { ...old.metadata, resourceVersion: String(++this.revision) } }
    this.record({ type: 'DELETED', object: last })
  }

  /** Forgets history: watches from before now answer 410. */
  compact(): void {
    this.compactedThrough = this.revision
    this.history = []
  }

  /** Compacts, and sends ERROR 410 Expired to every live watch, which then hears nothing more. */
  expire(): void {
    this.compact()
    const status = expired('too old resource version').status
    for (const sub of this.subscribers) this.deliver(sub, { type: 'ERROR', object: status as unknown as KubeObject })
    this.subscribers.clear()
  }

  /** Sends ERROR with a non-410 Status (500 InternalError) to every live watch, which then hears nothing more. History is kept. */
  breakWatches(): void {
    const status = internalError('etcd leader changed').status
    for (const sub of this.subscribers) this.deliver(sub, { type: 'ERROR', object: status as unknown as KubeObject })
    this.subscribers.clear()
  }

  /** How many watches are live. */
  get liveWatches(): number {
    return this.subscribers.size
  }

  async get(namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = this.objects.get(keyOf(namespace, name))
    if (!obj) throw notFound({ group: '', resource: 'things' }, name)
    return obj
  }

  async list(namespace?: string, _options?: ListOptions): Promise<KubeList> {
    this.listCalls++
    if (this.failLists > 0) {
      this.failLists--
      throw new Error('connection refused')
    }
    const items = [...this.objects.values()].filter((o) => !namespace || o.metadata.namespace === namespace)
    const resourceVersion = String(this.revision)
    this.afterListSnapshot?.()
    return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion }, items }
  }

  async create(obj: KubeObject): Promise<KubeObject> {
    return this.put(obj)
  }

  async update(obj: KubeObject): Promise<KubeObject> {
    return this.put(obj)
  }

  async updateStatus(obj: KubeObject): Promise<KubeObject> {
    return this.put(obj)
  }

  async delete(namespace: string | undefined, name: string): Promise<KubeObject> {
    const obj = await this.get(namespace, name)
    this.remove(namespace, name)
    return obj
  }

  watch(namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent) => void): Watcher {
    this.watchCalls.push(options)
    const sub: Subscriber = { namespace, onEvent, stopped: false }
    const rv = options.resourceVersion
    if (!rv || rv === '0') {
      for (const object of this.objects.values()) this.deliver(sub, { type: 'ADDED', object })
    } else {
      const from = Number(rv)
      if (from < this.compactedThrough) throw expired(`too old resource version: ${from} (${this.compactedThrough})`)
      for (const event of this.history) if (event.revision > from) this.deliver(sub, event)
    }
    this.subscribers.add(sub)
    return {
      stop: () => {
        sub.stopped = true
        this.subscribers.delete(sub)
      }
    }
  }

  private record(event: WatchEvent): void {
    const entry = { ...event, revision: this.revision }
    this.history.push(entry)
    for (const sub of this.subscribers) this.deliver(sub, entry)
  }

  private deliver(sub: Subscriber, event: WatchEvent): void {
    if (event.type !== 'ERROR' && sub.namespace && event.object.metadata.namespace !== sub.namespace) return
    const { type, object } = event
    queueMicrotask(() => {
      if (!sub.stopped) sub.onEvent({ type, object })
    })
  }
}

/** A Client whose resources are fake collections, created on first use. */
export class FakeClient implements Client {
  readonly resources = new Map<string, FakeResourceClient>()

  resource<T = KubeObject>(gvr: GroupVersionResource): ResourceClient<T> {
    return this.fake(gvr.resource, gvr.group) as unknown as ResourceClient<T>
  }

  /** Binding is not modelled by the fake; the in-process client's own tests cover it. */
  async bind(): Promise<void> {
    throw new Error('FakeClient does not bind pods')
  }

  /** Namespace finalization is not modelled by the fake; the in-process client's own tests cover it. */
  async finalizeNamespace(): Promise<never> {
    throw new Error('FakeClient does not finalize namespaces')
  }

  /** The fake behind a resource. */
  fake(resource: string, group = ''): FakeResourceClient {
    const id = `${group}/${resource}`
    let fake = this.resources.get(id)
    if (!fake) this.resources.set(id, (fake = new FakeResourceClient()))
    return fake
  }
}

/** A pod-shaped object. */
export function pod(namespace: string, name: string, extra: { labels?: Record<string, string>; nodeName?: string; owner?: { kind: string; name: string; uid: string } } = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace,
      name,
      labels: extra.labels,
      ownerReferences: extra.owner ? [{ apiVersion: 'apps/v1', kind: extra.owner.kind, name: extra.owner.name, uid: extra.owner.uid, controller: true }] : undefined
    },
    spec: { nodeName: extra.nodeName, containers: [{ name: 'c', image: 'nginx' }] }
  }
}
