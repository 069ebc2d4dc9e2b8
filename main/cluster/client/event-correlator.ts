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

/** What was written for one distinct event: its name, count and first time, which a repeat takes over. */
interface Observation {
  fieldPath: string | undefined
  message: string
  name: string
  count: number
  firstTimestamp?: string
}

/** The similar events (one aggregate key: type, reason, reporting component and instance) about one object. */
interface Aggregate {
  /** The aggregate key without the object (a recorder has a handful: interned, compared by identity). */
  key: string
  /**
   * The distinct messages of the similar events in the window: one as itself
   * (nearly every aggregate: a kubelet's Pulled, Created and Started for a
   * pod), a Set from the second on.
   */
  messages: string | Set<string>
  last: number
  /** The events written, by field path and message (client-go's eventLogger entries): one, mostly. */
  observed: Observation | Observation[]
  /** The combined event, once there is one. */
  combined?: Observation
}

/** Adds message to the record's messages; returns how many distinct ones it holds. */
function addMessage(record: Aggregate, message: string): number {
  const { messages } = record
  if (typeof messages !== 'string') return messages.add(message).size
  if (messages === message) return 1
  record.messages = new Set([messages, message])
  return 2
}

/**
 * Everything the correlator remembers about one object from its source:
 * the aggregates and what was written (client-go's aggregator and
 * eventLogger entries) and the spam filter's token bucket.
 */
interface ObjectRecord {
  aggregates: Aggregate | Aggregate[]
  tokens: number
  at: number
}

/** Distinct events one aggregate remembers at most; the least recently used goes first. */
const maxObservedPerAggregate = 64

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

function aggregatesOf(record: ObjectRecord): readonly Aggregate[] {
  return Array.isArray(record.aggregates) ? record.aggregates : [record.aggregates]
}

export class EventCorrelator {
  /**
   * Object (with source) -> what is remembered about it. client-go keeps
   * three LRU caches of 4,096 entries (aggregates, events written, token
   * buckets), keyed by strings that each repeat the object's key; one
   * record per object holds the same entries, and an object is forgotten
   * once 4,096 others were correlated since (client-go forgets an entry
   * after 4,096 other entries of its cache: an object's few entries stay at
   * least as long here). A kubelet's correlator holds some seven entries per
   * pod it runs, and a 100,000-pod cluster's kubelets 700,000 of them: as
   * records they take half the memory.
   */
  private readonly objects = new BoundedMap<ObjectRecord>()
  /** Aggregate keys without the object, interned (a recorder has a handful). */
  private readonly aggregateKeys = new Map<string, string>()

  /**
   * Correlates a new event (as the recorder built it, count 1, named afresh)
   * at cluster time `now` (ms); `stamp` is `now` as RFC 3339.
   */
  correlate(event: Event, now: number, stamp: string): Correlation {
    // The combined event keeps the involved object and source: one record serves all three.
    const okey = objectKey(event)
    const record = this.objects.get(okey) ?? { aggregates: [], tokens: spamBurst, at: now }
    this.objects.set(okey, record)
    const aggregate = this.aggregateFor(record, event, now)
    const { event: aggregated, combined } = this.aggregate(aggregate, event, now, stamp)
    const observed = observe(aggregate, aggregated, combined)
    if (spam(record, now)) return { skip: true }
    return { skip: false, event: observed, update: (observed.count ?? 1) > 1 }
  }

  /** The record's aggregate for the event's type, reason and reporter (EventAggregatorByReasonFunc), made when new. */
  private aggregateFor(record: ObjectRecord, event: Event, now: number): Aggregate {
    const joined = join([event.type, event.reason, event.reportingComponent, event.reportingInstance])
    let key = this.aggregateKeys.get(joined)
    if (key === undefined) this.aggregateKeys.set(joined, (key = joined))
    const found = aggregatesOf(record).find((a) => a.key === key)
    if (found) return found
    const created: Aggregate = { key, messages: event.message ?? '', last: now, observed: [] }
    if (Array.isArray(record.aggregates) && record.aggregates.length === 0) record.aggregates = created
    else record.aggregates = [...aggregatesOf(record), created]
    return created
  }

  /** EventAggregate: from the tenth distinct message within 10 minutes, the combined event instead. */
  private aggregate(record: Aggregate, event: Event, now: number, stamp: string): { event: Event; combined: boolean } {
    const message = event.message ?? ''
    // A window that ended starts again; what was written stays remembered (client-go's eventLogger is its own cache).
    if (now - record.last > aggregateIntervalMs) record.messages = message
    const distinct = addMessage(record, message)
    record.last = now
    if (distinct < aggregateMaxEvents) return { event, combined: false }
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
    return { event: combined, combined: true }
  }
}

/**
 * eventObserve: a repeat (same field path and message, or the combined
 * event again) takes the first one's name and firstTimestamp, and the next
 * count.
 */
function observe(record: Aggregate, event: Event, combined: boolean): Event {
  const seen = combined ? record.combined : findObserved(record, event.involvedObject.fieldPath, event.message ?? '')
  const out: Event = seen ? { ...event, metadata: { ...event.metadata, name: seen.name }, firstTimestamp: seen.firstTimestamp, count: seen.count + 1 } : event
  const observation: Observation = { fieldPath: event.involvedObject.fieldPath, message: event.message ?? '', name: out.metadata?.name ?? '', count: out.count ?? 1, firstTimestamp: out.firstTimestamp }
  if (combined) record.combined = observation
  else remember(record, observation, seen)
  return out
}

function findObserved(record: Aggregate, fieldPath: string | undefined, message: string): Observation | undefined {
  const { observed } = record
  if (!Array.isArray(observed)) return observed.fieldPath === fieldPath && observed.message === message ? observed : undefined
  return observed.find((o) => o.fieldPath === fieldPath && o.message === message)
}

/** Records what was written, in place of `replaced` (a repeat), most recent last, within the bound. */
function remember(record: Aggregate, observation: Observation, replaced: Observation | undefined): void {
  const list = Array.isArray(record.observed) ? record.observed : [record.observed]
  const rest = replaced ? list.filter((o) => o !== replaced) : list
  if (rest.length === 0) {
    record.observed = observation
    return
  }
  const next = [...rest, observation]
  if (next.length > maxObservedPerAggregate) next.shift()
  record.observed = next
}

/** EventSourceObjectSpamFilter: whether the source's token bucket for this object is empty. */
function spam(record: ObjectRecord, now: number): boolean {
  record.tokens = Math.min(spamBurst, record.tokens + (now - record.at) * spamRefillPerMs)
  record.at = now
  if (record.tokens < 1) return true
  record.tokens -= 1
  return false
}
