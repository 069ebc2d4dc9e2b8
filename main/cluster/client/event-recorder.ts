import type { Event, ObjectReference } from 'kubernetes-types/core/v1'
import { isNotFound } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { Logger } from './controller-logger'
import { createSeriesWriter } from './event-series'
import { EventCorrelator } from './event-correlator'
import type { Client } from './types'
import { deepCopy } from '../apimachinery/deep-copy'
import { vouchDeepFrozen } from '../storage/freeze'

/** Who reports events: `source.component` (`kubelet`, `default-scheduler`...) and, for node agents, `source.host`. */
export interface EventSource {
  component: string
  host?: string
  /**
   * Set for components that record through events.k8s.io/v1, as kube-scheduler
   * does (`default-scheduler-<host>`): their events carry reportingInstance,
   * action and eventTime instead of source and timestamps (event-series.ts).
   */
  instance?: string
}

/** What an event may say besides its reason and message. */
export interface EventDetails {
  /** The part of the object the event is about (`spec.containers{nginx}`), as kubelet container events name it. */
  fieldPath?: string
  /** What was done (`Binding`, `Scheduling`): events.k8s.io events only. */
  action?: string
  /** A second object the event involves (the preemptor of a Preempted pod): events.k8s.io events only. */
  related?: KubeObject
}

export type EventType = 'Normal' | 'Warning'

/** Records Kubernetes Events about objects, as client-go's EventRecorder does. */
export interface EventRecorder {
  /** Fire and forget: the event is written in the background; failures are logged, never thrown. */
  event(object: KubeObject, type: EventType, reason: string, message: string, details?: EventDetails): void
  /** Resolves once every event recorded so far has been written (tests). */
  flush(): Promise<void>
}

/**
 * Event names are `<object>.<hex nanoseconds>`, as client-go names them; the
 * sub-millisecond part is a process-wide sequence, so two recorders writing
 * about one object in the same millisecond never collide.
 */
let sequence = 0
function eventName(objectName: string | undefined, nowMs: number): string {
  sequence = (sequence + 1) % 1_000_000
  return `${objectName}.${(BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(sequence)).toString(16)}`
}

const eventsGVR = { group: '', version: 'v1', resource: 'events' }

/**
 * One copy of each string events repeat: a kubelet's `Created container:
 * nginx`, `spec.containers{nginx}`, a second's timestamp. Built afresh for
 * every event, each held pod kept its own copies of the same text in its
 * stored events and its recorder's correlator (~0.5 KB a pod). Bounded: a
 * full table starts over (one-off messages, such as those naming a pod,
 * pass through it).
 */
const interned = new Map<string, string>()
const maxInterned = 1024
function intern(text: string): string {
  const known = interned.get(text)
  if (known !== undefined) return known
  if (interned.size >= maxInterned) interned.clear()
  interned.set(text, text)
  return text
}

/** A reference to an object, as events carry it in involvedObject. */
export function referenceTo(obj: KubeObject): ObjectReference {
  return {
    kind: obj.kind,
    namespace: obj.metadata.namespace,
    name: obj.metadata.name,
    uid: obj.metadata.uid,
    apiVersion: obj.apiVersion,
    resourceVersion: obj.metadata.resourceVersion
  }
}

/**
 * A node as the agents on it name it in their events (the kubelet's and
 * kube-proxy's nodeRef): by name, with the name as uid and no apiVersion.
 * `kubectl describe node` looks a node's events up by its uid and again by
 * its name for that reason; the controllers' node events carry the real uid.
 */
export function nodeByName(name: string): KubeObject {
  return { kind: 'Node', metadata: { name, uid: name } } as KubeObject
}

/** value, deep-frozen and vouched for: storage keeps it as it is, shared by every event holding it. */
function shared<T extends object>(value: T): T {
  Object.freeze(value)
  vouchDeepFrozen(value)
  return value
}

/**
 * involvedObject for the core/v1 events of one recorder: frozen, and the
 * same object while the events are about the same version of the same
 * object and field (a kubelet's Pulled, Created and Started for a
 * container), which the events kind stores as it is (keepsFrozen), so a
 * pod's events share one reference instead of each holding a copy.
 */
function referenceCache(): (object: KubeObject, fieldPath: string | undefined) => ObjectReference {
  let last: ObjectReference | undefined
  return (object, fieldPath) => {
    const ref = referenceTo(object)
    if (last && sameReference(last, ref) && last.fieldPath === fieldPath) return last
    // Without the keys referenceTo leaves undefined (a cluster-scoped object's namespace), as JSON would drop them.
    const out: Record<string, string> = {}
    for (const key in ref) {
      const value = ref[key as keyof ObjectReference]
      if (value !== undefined) out[key] = value
    }
    if (fieldPath) out.fieldPath = fieldPath
    last = shared(out as ObjectReference)
    return last
  }
}

function sameReference(a: ObjectReference, b: ObjectReference): boolean {
  return a.uid === b.uid && a.resourceVersion === b.resourceVersion && a.name === b.name && a.namespace === b.namespace && a.kind === b.kind && a.apiVersion === b.apiVersion
}

/**
 * An event recorder for one component. Events go to the object's namespace
 * (`default` for cluster-scoped objects, as kubectl describe expects), named
 * `<object>.<hex nanoseconds>`, after client-go's EventCorrelator
 * (event-correlator.ts): a repeat of the same event increments the first
 * one's count, similar events are combined, and a source flooding one
 * object is throttled.
 */
export function createEventRecorder(client: Client, clock: Clock, source: EventSource, logger?: Logger): EventRecorder {
  const events = client.resource<Event>(eventsGVR)
  const correlator = new EventCorrelator()
  let pending: Promise<void> = Promise.resolve()
  const writeSeries = source.instance ? createSeriesWriter(events, clock, source.component, source.instance) : undefined
  // One frozen source for all of this recorder's events (stored as it is: keepsFrozen).
  const eventSource = shared({ component: source.component, ...(source.host ? { host: source.host } : {}) })
  const involvedObject = referenceCache()

  async function write(object: KubeObject, type: EventType, reason: string, message: string, details: EventDetails = {}): Promise<void> {
    const now = clock.now()
    const stamp = intern(clock.rfc3339())
    const { fieldPath } = details
    const namespace = object.metadata.namespace || 'default'
    if (writeSeries) {
      const ref = fieldPath ? { ...referenceTo(object), fieldPath: intern(fieldPath) } : referenceTo(object)
      const related = details.related && referenceTo(details.related)
      return writeSeries({ namespace, name: eventName(ref.name, now), regarding: ref, related, type, reason, action: details.action ?? '', note: message })
    }
    const ref = involvedObject(object, fieldPath && intern(fieldPath))
    const candidate: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: eventName(ref.name, now), namespace },
      involvedObject: ref,
      reason,
      message: intern(message),
      source: eventSource,
      firstTimestamp: stamp,
      lastTimestamp: stamp,
      count: 1,
      type,
      eventTime: null as unknown as undefined,
      reportingComponent: source.component,
      reportingInstance: source.host ?? ''
    }
    const correlated = correlator.correlate(candidate, now, stamp)
    if (correlated.skip) return
    const event = correlated.event
    if (correlated.update) {
      // The repeat of an event already written: its count, lastTimestamp and message move on.
      try {
        const current = deepCopy(await events.get(namespace, event.metadata!.name!))
        current.count = event.count
        current.lastTimestamp = stamp
        current.message = event.message
        await events.update(current)
        return
      } catch (e) {
        if (!isNotFound(e)) throw e
        // The first one was deleted (e.g. expired): written anew, count and all, as client-go does.
      }
    }
    await events.create(event)
  }

  return {
    event(object, type, reason, message, details) {
      // One write at a time keeps aggregation deterministic and event order stable.
      pending = pending.then(() => write(object, type, reason, message, details)).catch((e: unknown) => {
        logger?.warn(`event ${reason} on ${object.kind}/${object.metadata.name}: ${(e as Error).message ?? e}`)
      })
    },
    flush: () => pending
  }
}
