import type { Event, ObjectReference } from 'kubernetes-types/core/v1'
import { isNotFound } from '../apimachinery/errors'
import type { Clock } from '../clock/types'
import type { ResourceClient } from './types'
import { deepCopy } from '../apimachinery/deep-copy'

/** Isomorphic events this close together join one series (client-go tools/events: finishTime). */
const seriesWindowMs = 6 * 60 * 1000
/** A series' count is written when it starts, then at most this often (the recorder's heartbeat). */
const seriesHeartbeatMs = 30 * 60 * 1000
/** The series cache is swept of finished series once it holds more than this. */
const minSweepSize = 4096

/** What one events.k8s.io/v1 event says, before it is written. */
export interface SeriesEvent {
  namespace: string
  name: string
  regarding: ObjectReference
  related?: ObjectReference
  type: string
  reason: string
  action: string
  note: string
}

interface Seen {
  namespace: string
  name: string
  count: number
  lastObserved: number
  written: number
}

/**
 * Writes events as components on the events.k8s.io/v1 recorder do
 * (kube-scheduler): seen through core/v1 they carry action, eventTime,
 * reportingComponent and reportingInstance, and no source, count or
 * timestamps. A repeat within six minutes (same regarding object, action,
 * reason and controller; the note may differ) turns the first event into a
 * series: `series.count` 2 at once, later counts at most every 30 minutes.
 * client-go's key also holds the object's resourceVersion; Kubelab leaves it
 * out, since the scheduler's own sim.kubelab.dev/scheduling-result
 * annotation changes the pod on every attempt, where a real pod stays as it
 * was and its failures join one series.
 */
export function createSeriesWriter(events: ResourceClient<Event>, clock: Clock, controller: string, instance: string): (e: SeriesEvent) => Promise<void> {
  const cache = new Map<string, Seen>()
  /** Entries past the window are forgotten when the cache grows beyond this (a stale entry acts as an absent one meanwhile). */
  let sweepAbove = minSweepSize
  return async (e) => {
    const now = clock.now()
    const r = e.regarding
    const key = [r.kind, r.namespace, r.name, r.uid, r.apiVersion, r.fieldPath, e.related?.uid, e.action, e.reason, controller].join('\u0000')
    const seen = cache.get(key)
    if (seen && now - seen.lastObserved < seriesWindowMs) {
      seen.count++
      seen.lastObserved = now
      if (seen.count > 2 && now - seen.written < seriesHeartbeatMs) return
      try {
        const current = deepCopy(await events.get(seen.namespace, seen.name))
        current.series = { count: seen.count, lastObservedTime: clock.rfc3339Micro() }
        await events.update(current)
        seen.written = now
        return
      } catch (err) {
        if (!isNotFound(err)) throw err
        // The first one expired: start again.
      }
    }
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: e.name, namespace: e.namespace },
      involvedObject: r,
      ...(e.related ? { related: e.related } : {}),
      reason: e.reason,
      message: e.note,
      source: {},
      firstTimestamp: null as unknown as undefined,
      lastTimestamp: null as unknown as undefined,
      eventTime: clock.rfc3339Micro(),
      action: e.action,
      reportingComponent: controller,
      reportingInstance: instance,
      type: e.type
    }
    const created = await events.create(event)
    cache.set(key, { namespace: e.namespace, name: created.metadata?.name ?? e.name, count: 1, lastObserved: now, written: now })
    if (cache.size > sweepAbove) {
      for (const [k, v] of cache) if (now - v.lastObserved >= seriesWindowMs) cache.delete(k)
      // The next sweep waits until the cache has doubled: a burst of distinct events (a Scheduled per
      // pod of a 10,000-pod rollout, all within the window) costs O(1) each, not a scan of the cache.
      sweepAbove = Math.max(minSweepSize, 2 * cache.size)
    }
  }
}
