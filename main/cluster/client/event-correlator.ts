import type { Event } from 'kubernetes-types/core/v1'

/**
 * client-go's EventCorrelator (tools/record/events_cache.go), which every
 * core/v1 event recorder runs before writing:
 *
 * - aggregation: more than 10 events from one source about one object with
 *   the same type and reason but different messages within 10 minutes become
 *   one event, "(combined from similar events): <latest message>";
 * - deduplication: an event identical to one already written (same source,
 *   object, field path, type, reason and message) increments that event's
 *   count and lastTimestamp instead of creating another;
 * - the spam filter: a source may write 25 events about one object at once,
 *   then one more every 5 minutes (a token bucket); the rest are dropped.
 *
 * Time is the caller's (the cluster clock); nothing here schedules work.
 */

const maxCacheEntries = 4096
const aggregateMaxEvents = 10
const aggregateIntervalMs = 600_000
const spamBurst = 25
const spamRefillPerMs = 1 / 300_000

/** What to do with one event. */
export type Correlation =
  | { skip: true }
  /** Write `event`; when `update` is set, it updates the existing event of that name (count, lastTimestamp, message). */
  | { skip: false; event: Event; update: boolean }

interface Observation {
  name: string
  count: number
  firstTimestamp?: string
}

interface Aggregate {
  /**
   * The distinct messages of the similar events in the window: one as itself
   * (nearly every aggregate: a kubelet's Pulled, Created and Started for a
   * pod), a Set from the second on (a Set costs some 150 bytes, per reason,
   * per pod, in every recorder).
   */
  messages: string | Set<string>
  last: number
}

/** Adds message to the record's messages; returns how many distinct ones it holds. */
function addMessage(record: Aggregate, message: string): number {
  const { messages } = record
  if (typeof messages !== 'string') return messages.add(message).size
  if (messages === message) return 1
  record.messages = new Set([messages, message])
  return 2
}

interface Bucket {
  tokens: number
  at: number
}

/** A Map that forgets its oldest entries beyond a size, as client-go's LRU caches do (approximately: insertion order). */
class BoundedMap<V> extends Map<string, V> {
  override set(key: string, value: V): this {
    this.delete(key)
    super.set(key, value)
    if (this.size > maxCacheEntries) this.delete(this.keys().next().value!)
    return this
  }
}

const join = (parts: Array<string | undefined>): string => parts.map((p) => p ?? '').join('\u0000')

function objectKey(e: Event): string {
  const o = e.involvedObject
  return join([e.source?.component, e.source?.host, o.kind, o.namespace, o.name, o.uid, o.apiVersion])
}

/** getEventKey: everything that makes two events the same event (objectKey: the event's, computed once per event). */
function eventKey(e: Event, objectKey: string): string {
  return join([objectKey, e.involvedObject.fieldPath, e.type, e.reason, e.message])
}

/** EventAggregatorByReasonFunc: the aggregate key (similar events) and the local key (what differs). */
function aggregateKey(e: Event, objectKey: string): string {
  return join([objectKey, e.type, e.reason, e.reportingComponent, e.reportingInstance])
}

export class EventCorrelator {
  private readonly aggregates = new BoundedMap<Aggregate>()
  private readonly observed = new BoundedMap<Observation>()
  private readonly buckets = new BoundedMap<Bucket>()
  /**
   * Object key -> a short stand-in for it in the three caches' keys (a
   * kubelet's correlator holds some ten keys per pod, each led by the same
   * long object key). Exact: every correlation touches the object here and
   * sets one entry in each cache, so an object this cache has forgotten
   * (4,096 other objects correlated since) is gone from the others too, and
   * a stand-in is never reused.
   */
  private readonly objects = new BoundedMap<string>()
  private nextObject = 0

  /**
   * Correlates a new event (as the recorder built it, count 1, named afresh)
   * at cluster time `now` (ms); `stamp` is `now` as RFC 3339.
   */
  correlate(event: Event, now: number, stamp: string): Correlation {
    // The combined event keeps the involved object and source: one object key serves all three caches.
    const okey = this.objectRef(objectKey(event))
    const { event: aggregated, key } = this.aggregate(event, okey, now, stamp)
    const observed = this.observe(aggregated, key)
    if (this.spam(okey, now)) return { skip: true }
    return { skip: false, event: observed, update: (observed.count ?? 1) > 1 }
  }

  private objectRef(key: string): string {
    const ref = this.objects.get(key) ?? (this.nextObject++).toString(36)
    this.objects.set(key, ref)
    return ref
  }

  private aggregate(event: Event, okey: string, now: number, stamp: string): { event: Event; key: string } {
    const akey = aggregateKey(event, okey)
    let record = this.aggregates.get(akey)
    const message = event.message ?? ''
    if (!record || now - record.last > aggregateIntervalMs) record = { messages: message, last: now }
    const distinct = addMessage(record, message)
    record.last = now
    this.aggregates.set(akey, record)
    if (distinct < aggregateMaxEvents) return { event, key: eventKey(event, okey) }
    // Keep the set at its bound: one message drops out, as PopAny does.
    const messages = record.messages as Set<string>
    messages.delete(messages.values().next().value!)
    const combined: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: event.metadata?.name, namespace: event.metadata?.namespace },
      involvedObject: event.involvedObject,
      reason: event.reason,
      message: `(combined from similar events): ${event.message ?? ''}`,
      source: event.source,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type: event.type,
      eventTime: null as unknown as undefined,
      reportingComponent: '',
      reportingInstance: ''
    }
    return { event: combined, key: akey }
  }

  /** eventObserve: a repeat takes the first one's name and firstTimestamp, and the next count. */
  private observe(event: Event, key: string): Event {
    const seen = this.observed.get(key)
    const out: Event = seen ? { ...event, metadata: { ...event.metadata, name: seen.name }, firstTimestamp: seen.firstTimestamp, count: seen.count + 1 } : event
    this.observed.set(key, { name: out.metadata?.name ?? '', count: out.count ?? 1, firstTimestamp: out.firstTimestamp })
    return out
  }

  /** EventSourceObjectSpamFilter: whether the source's token bucket for this object is empty. */
  private spam(key: string, now: number): boolean {
    const bucket = this.buckets.get(key) ?? { tokens: spamBurst, at: now }
    bucket.tokens = Math.min(spamBurst, bucket.tokens + (now - bucket.at) * spamRefillPerMs)
    bucket.at = now
    this.buckets.set(key, bucket)
    if (bucket.tokens < 1) return true
    bucket.tokens -= 1
    return false
  }
}
