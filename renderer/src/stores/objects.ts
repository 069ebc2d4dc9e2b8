import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { resourceKey, watchedResources, type Events, type KindInfo, type KubelabApi, type KubeObject, type WatchDelta } from '../../../preload/contract'
import { objectKey, type ObjectRef } from '../lib/kube'
import { nextFrame, type FrameScheduler } from '../lib/frame'
import { messageOf } from '../api/errors'

type Bucket = Map<string, KubeObject>

/**
 * When received deltas apply: at the next animation frame or once the task that received them is over,
 * whichever comes first, but at most once between two frames. Applied at a frame, a batch is drawn a
 * frame later (the canvas's own frame callback has run by then); applied right after its message, it is
 * drawn at the next frame. The next batch then waits for that frame, so batches arriving while one is
 * being drawn are applied together, not one task each ahead of the draw (in a hidden page, where frames
 * stop, that is when it shows again).
 */
let appliedSinceFrame = false

const soon: FrameScheduler = (callback) => {
  let done = false
  const once = (): void => {
    if (done) return
    done = true
    callback()
  }
  nextFrame(once)
  if (appliedSinceFrame) return
  setTimeout(() => {
    if (done) return
    appliedSinceFrame = true
    nextFrame(() => (appliedSinceFrame = false))
    once()
  }, 0)
}

export const useObjectsStore = defineStore('objects', () => {
  const kinds = ref<KindInfo[]>([])
  const loaded = ref(false)
  const error = ref('')
  /** Bumped once per applied batch: read it to depend on the objects. */
  const version = ref(0)
  /** The cluster's storage revision as of the last batch: it moves with every write. */
  const revision = ref(0)
  /** The resources changed by the last batch (topology and lists may skip work when theirs did not change). */
  const lastChanged = shallowRef<ReadonlySet<string>>(new Set())
  /** Per resource, the `version` of the batch that last changed it. */
  const changedAt = new Map<string, number>()
  /**
   * Per resource, the keys each recent batch changed, with the batch's `version` (no keys: the resource was
   * listed afresh, every key): a view of 10,000 pods redoes only the pods a batch changed (changedKeys).
   */
  const keyLog = new Map<string, Array<{ at: number; keys: ReadonlySet<string> | undefined }>>()
  /** Resources listed afresh since their last bump: their change is every key. */
  const relisted = new Set<string>()
  /** How many batches of changed keys each resource remembers; a reader further behind rebuilds in full. */
  const keptBatches = 32

  const buckets = new Map<string, Bucket>(watchedResources.map((g) => [resourceKey(g), new Map()]))
  /** Per resource, a counter bumped when it changes: `list`, `find` and `count` depend on it, so a batch of pods alone does not re-run what reads events. */
  const ticks = new Map(watchedResources.map((g) => [resourceKey(g), shallowRef(0)]))
  /** Per resource, the number of objects in each namespace, kept as deltas apply (counts read in O(1)). */
  const perNamespace = new Map<string, Map<string, number>>(watchedResources.map((g) => [resourceKey(g), new Map()]))
  /** Per resource, its objects as an array, made once per change of the resource however many read it. */
  const arrays = new Map<string, readonly KubeObject[]>()
  /** Per resource, the revision its list reflects: deltas at or below it are already in the list. */
  const listedAt = new Map<string, number>()
  let queue: WatchDelta[] = []
  let frameRequested = false
  let unsubscribe: (() => void) | undefined
  let api: KubelabApi | undefined
  let schedule: FrameScheduler = soon

  /** Lists every watched resource, then follows the deltas. Deltas arriving meanwhile wait for the lists. */
  async function hydrate(connection: KubelabApi, options: { frame?: FrameScheduler } = {}): Promise<void> {
    api = connection
    schedule = options.frame ?? soon
    const early: Events['watch/deltas'][] = []
    let listed = false
    unsubscribe = api.on('watch/deltas', (batch) => (listed ? receive(batch) : early.push(batch)))
    try {
      // The kinds and the lists are asked for together: one round trip less before the lists.
      const [found] = await Promise.all([api.call('resources/list'), ...watchedResources.map((gvr) => relist(resourceKey(gvr)))])
      kinds.value = found
      listed = true
      for (const batch of early) receive(batch)
      loaded.value = true
      bump(new Set(buckets.keys()))
    } catch (e) {
      error.value = messageOf(e)
    }
  }

  function dispose(): void {
    unsubscribe?.()
    unsubscribe = undefined
    queue = []
  }

  async function relist(resource: string): Promise<void> {
    const gvr = watchedResources.find((g) => resourceKey(g) === resource)
    if (!gvr || !api) return
    const list = await api.call('objects/list', { gvr })
    buckets.set(resource, new Map(list.items.map((o) => [objectKey(o), o])))
    relisted.add(resource)
    const counts = new Map<string, number>()
    for (const o of list.items) counts.set(o.metadata.namespace ?? '', (counts.get(o.metadata.namespace ?? '') ?? 0) + 1)
    perNamespace.set(resource, counts)
    arrays.delete(resource)
    listedAt.set(resource, Number(list.resourceVersion))
    revision.value = Math.max(revision.value, Number(list.resourceVersion))
  }

  function receive(batch: Events['watch/deltas']): void {
    queue.push(...batch.deltas)
    revision.value = Math.max(revision.value, batch.revision)
    for (const resource of batch.resync ?? []) void relist(resource).then(() => bump(new Set([resource])))
    if (!frameRequested) {
      frameRequested = true
      schedule(flush)
    }
  }

  /** Applies every queued delta in one go. */
  function flush(): void {
    frameRequested = false
    const changed = new Set<string>()
    const keys = new Map<string, Set<string>>()
    for (const d of queue) {
      const bucket = buckets.get(d.resource)
      if (!bucket) continue
      if (Number(d.object.metadata.resourceVersion) <= (listedAt.get(d.resource) ?? 0)) continue
      const key = objectKey(d.object)
      const had = bucket.has(key)
      if (d.type === 'DELETED') bucket.delete(key)
      else bucket.set(key, d.object)
      if (had !== bucket.has(key)) countIn(d.resource, d.object.metadata.namespace ?? '', had ? -1 : 1)
      changed.add(d.resource)
      let ofResource = keys.get(d.resource)
      if (!ofResource) keys.set(d.resource, (ofResource = new Set()))
      ofResource.add(key)
    }
    queue = []
    if (changed.size) bump(changed, keys)
  }

  function countIn(resource: string, namespace: string, by: number): void {
    const counts = perNamespace.get(resource)
    if (counts) counts.set(namespace, (counts.get(namespace) ?? 0) + by)
  }

  function bump(changed: ReadonlySet<string>, keys?: ReadonlyMap<string, ReadonlySet<string>>): void {
    lastChanged.value = changed
    version.value++
    for (const resource of changed) {
      changedAt.set(resource, version.value)
      const log = keyLog.get(resource) ?? []
      log.push({ at: version.value, keys: relisted.has(resource) ? undefined : keys?.get(resource) })
      if (log.length > keptBatches) log.splice(0, log.length - keptBatches)
      keyLog.set(resource, log)
      relisted.delete(resource)
      arrays.delete(resource)
      const tick = ticks.get(resource)
      if (tick) tick.value++
    }
  }

  /** Depends on `resource` (on `version` for one not watched). */
  function track(resource: string): void {
    const tick = ticks.get(resource)
    void (tick ? tick.value : version.value)
  }

  /** Whether any of `resources` changed after `since` (a `version` read earlier); depends on `version`. */
  function changedSince(resources: readonly string[], since: number): boolean {
    void version.value
    return resources.some((r) => (changedAt.get(r) ?? 0) > since)
  }

  /**
   * The keys of `resource` changed by the batches after `since` (a `version` read earlier), or undefined
   * when that is not known (the resource was listed afresh, or `since` is further back than the log keeps):
   * the reader then treats every object as changed. Depends on the resource.
   */
  function changedKeys(resource: string, since: number): ReadonlySet<string> | undefined {
    track(resource)
    const log = keyLog.get(resource) ?? []
    if ((changedAt.get(resource) ?? 0) <= since) return new Set()
    const first = log.findIndex((b) => b.at > since)
    // The batch just before `first` must be in the log too, else batches between `since` and `first` were forgotten.
    if (first < 0 || (first === 0 && log.length === keptBatches)) return undefined
    const out = new Set<string>()
    for (let i = first; i < log.length; i++) {
      const keys = log[i].keys
      if (!keys) return undefined
      for (const k of keys) out.add(k)
    }
    return out
  }

  /** Every object of a resource (depends on that resource); the same array until it changes. */
  function list(resource: string): readonly KubeObject[] {
    track(resource)
    let array = arrays.get(resource)
    if (!array) {
      array = Object.freeze([...(buckets.get(resource)?.values() ?? [])])
      arrays.set(resource, array)
    }
    return array
  }

  /**
   * A resource's objects by key (`namespace/name`, or the name of a cluster-scoped one), as they are now:
   * the store's own map, read as deltas apply (a reader of a thousand changed keys looks each up without
   * a store call apiece). Depends on nothing: read `list` or `changedKeys` to depend on the resource.
   */
  function objectsByKey(resource: string): ReadonlyMap<string, KubeObject> {
    return buckets.get(resource) ?? new Map()
  }

  function find(ref: ObjectRef): KubeObject | undefined {
    track(ref.resource)
    return buckets.get(ref.resource)?.get(ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name)
  }

  /** The number of objects of each resource, optionally within one namespace. */
  function count(resource: string, namespace?: string): number {
    track(resource)
    if (!namespace) return buckets.get(resource)?.size ?? 0
    return perNamespace.get(resource)?.get(namespace) ?? 0
  }

  const namespaces = computed(() =>
    list('namespaces')
      .map((n) => n.metadata.name ?? '')
      .sort()
  )

  const kindOf = (resource: string): KindInfo | undefined => kinds.value.find((k) => resourceKey({ group: k.group, resource: k.plural }) === resource)

  return { kinds, loaded, error, version, revision, lastChanged, namespaces, hydrate, dispose, flush, list, find, objectsByKey, count, kindOf, changedSince, changedKeys }
})
