import type { Cluster } from '../cluster/cluster'
import type { Watcher } from '../cluster/client/types'
import { forRenderer } from './for-renderer'
import { resourceKey, watchedResources, type ClockState, type EventChannel, type Events, type Gvr, type KubeObject, type WatchDelta } from '../../preload/contract'

/** Sends one pushed event to every renderer of a transport. */
export type Emit = <E extends EventChannel>(channel: E, payload: Events[E]) => void

export interface FeedOptions {
  /**
   * Watch events are gathered this long and sent as one batch: about one
   * animation frame, so a burst (a Deployment's pods being created) costs the
   * renderer one update instead of hundreds.
   */
  flushMs?: number
  /**
   * After a batch of at least `busyBatch` deltas (a big cluster churning), the next batch gathers this
   * long instead: the renderer redraws a 10,000-pod topology a few times a second rather than twenty.
   * An object that lists others counts as one delta per entry (an Endpoints of a thousand addresses
   * weighs a thousand pods): ten such Services with pods coming and going are a busy cluster too.
   */
  busyFlushMs?: number
  busyBatch?: number
  /** Clock ticks are sent at most this often; a realtime clock's time between them is interpolated by the renderer. */
  tickMs?: number
}

export interface Feeds {
  stop(): void
}

/** What the renderer needs of a deleted object: which one it was. */
function tombstone(object: KubeObject): KubeObject {
  const { name, namespace, uid, resourceVersion } = object.metadata
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name, namespace, uid, resourceVersion } }
}

/** What a delta weighs against busyBatch: one, or for an Endpoints object one per address it lists. */
function weight(delta: WatchDelta): number {
  const subsets = (delta.object as { subsets?: Array<{ addresses?: unknown[]; notReadyAddresses?: unknown[] }> }).subsets
  if (delta.object.kind !== 'Endpoints' || !Array.isArray(subsets)) return 1
  let n = 0
  for (const s of subsets) n += (s.addresses?.length ?? 0) + (s.notReadyAddresses?.length ?? 0)
  return Math.max(1, n)
}

/**
 * The pushed half of the contract, for one transport: `watch/deltas` for
 * every resource the UI draws, and `clock/tick`. Main watches (in-process)
 * from the revision it starts at; the renderer lists first and drops deltas
 * its lists already reflect, so nothing is missed or applied twice. Within
 * a batch only each object's latest state is sent (a pod's five status
 * writes cost the renderer one), and a deleted object goes as its name.
 */
export function startFeeds(cluster: Cluster, emit: Emit, options: FeedOptions = {}): Feeds {
  const flushMs = options.flushMs ?? 50
  const busyFlushMs = options.busyFlushMs ?? 250
  const busyBatch = options.busyBatch ?? 500
  let busy = false
  const tickMs = options.tickMs ?? 250
  const watchers = new Map<string, Watcher>()
  /** This batch's deltas, one per object (its latest), in the order of their revisions. */
  let pending = new Map<string, WatchDelta>()
  let resync = new Set<string>()
  let flushTimer: ReturnType<typeof setTimeout> | undefined
  let stopped = false

  const flush = (): void => {
    flushTimer = undefined
    if (stopped || (pending.size === 0 && resync.size === 0)) return
    const payload: Events['watch/deltas'] = { revision: cluster.store.revision, deltas: [...pending.values()] }
    if (resync.size) payload.resync = [...resync]
    let total = 0
    for (const delta of payload.deltas) if ((total += weight(delta)) >= busyBatch) break
    busy = total >= busyBatch
    pending = new Map()
    resync = new Set()
    emit('watch/deltas', payload)
  }
  const schedule = (): void => {
    flushTimer ??= setTimeout(flush, busy ? busyFlushMs : flushMs)
  }

  const watch = (gvr: Gvr, fromRevision: number): void => {
    const key = resourceKey(gvr)
    watchers.get(key)?.stop()
    const watcher = cluster.client.resource(gvr).watch(undefined, { resourceVersion: String(fromRevision) }, (event) => {
      if (stopped) return
      if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED') {
        const object = event.object as KubeObject
        const id = `${key} ${object.metadata.namespace ?? ''}/${object.metadata.name}`
        // A later change of the same object replaces the earlier one and takes its place in revision order.
        pending.delete(id)
        pending.set(id, { type: event.type, resource: key, object: event.type === 'DELETED' ? tombstone(object) : forRenderer(object) })
        schedule()
      } else if (event.type === 'ERROR') {
        // The watch fell behind (410 Expired): start again from now and let the renderer list afresh.
        queueMicrotask(() => {
          if (stopped) return
          watch(gvr, cluster.store.revision)
          resync.add(key)
          schedule()
        })
      }
    })
    watchers.set(key, watcher)
  }
  const start = cluster.store.revision
  for (const gvr of watchedResources) watch(gvr, start)

  // Clock ticks: every change (pause, speed, step, an instant clock's jumps), at most one per tickMs,
  // the last always sent; and a slow heartbeat so a long realtime run never drifts from the display.
  let lastTick = Number.NEGATIVE_INFINITY
  let tickTimer: ReturnType<typeof setTimeout> | undefined
  const sendTick = (): void => {
    tickTimer = undefined
    if (stopped) return
    lastTick = performance.now()
    const s: ClockState = cluster.clock.state()
    emit('clock/tick', { now: s.now, mode: s.mode, speed: s.speed, paused: s.paused })
  }
  const onClock = (): void => {
    if (tickTimer) return
    const wait = Math.max(0, lastTick + tickMs - performance.now())
    tickTimer = setTimeout(sendTick, wait)
  }
  const unsubscribeClock = cluster.clock.onChange(onClock)
  const heartbeat = setInterval(onClock, 5000)
  heartbeat.unref?.()

  return {
    stop() {
      stopped = true
      for (const w of watchers.values()) w.stop()
      watchers.clear()
      unsubscribeClock()
      clearInterval(heartbeat)
      if (flushTimer) clearTimeout(flushTimer)
      if (tickTimer) clearTimeout(tickTimer)
    }
  }
}
