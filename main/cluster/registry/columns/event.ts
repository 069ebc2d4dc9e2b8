import type { Event } from 'kubernetes-types/core/v1'
import type { TableColumn } from '../types'
import { column, nameColumn } from './common'
import { docs } from './descriptions'
import { parseTime, timestampSince } from './human-duration'

/** v1 Events carry the events.k8s.io fields too. */
type CoreEvent = Event & { reportingComponent?: string; reportingInstance?: string }

/** FIRST SEEN: firstTimestamp, else eventTime (events written through events.k8s.io). */
function firstSeen(ev: CoreEvent, now: number): string {
  return parseTime(ev.firstTimestamp) === undefined ? timestampSince(ev.eventTime, now) : timestampSince(ev.firstTimestamp, now)
}

/** LAST SEEN: the series' last observation, else lastTimestamp, else as FIRST SEEN. */
function lastSeen(ev: CoreEvent, now: number): string {
  if (ev.series) return timestampSince(ev.series.lastObservedTime, now)
  return parseTime(ev.lastTimestamp) === undefined ? firstSeen(ev, now) : timestampSince(ev.lastTimestamp, now)
}

/** COUNT: the series' count, else count, and 1 for a singleton event of the new API. */
function count(ev: CoreEvent): number {
  if (ev.series) return ev.series.count ?? 0
  return ev.count ? ev.count : 1
}

/** OBJECT: `kind/name` in lower-case kind, e.g. `pod/web-0`. */
function target(ev: CoreEvent): string {
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase()
  const name = ev.involvedObject?.name ?? ''
  return name ? `${kind}/${name}` : kind
}

/** formatEventSource: `component, host`, falling back to reportingComponent and reportingInstance. */
function source(ev: CoreEvent): string {
  const component = ev.source?.component || ev.reportingComponent || ''
  const instance = ev.source?.host || ev.reportingInstance || ''
  return instance ? `${component}, ${instance}` : component
}

export const eventColumns: TableColumn<CoreEvent>[] = [
  column('Last Seen', docs.eventLastTimestamp, lastSeen),
  column('Type', docs.eventType, (ev) => ev.type ?? ''),
  column('Reason', docs.eventReason, (ev) => ev.reason ?? ''),
  column('Object', docs.eventInvolvedObject, target),
  column('Subobject', docs.objectReferenceFieldPath, (ev) => ev.involvedObject?.fieldPath ?? '', 1),
  column('Source', docs.eventSource, source, 1),
  column('Message', docs.eventMessage, (ev) => (ev.message ?? '').trim()),
  column('First Seen', docs.eventFirstTimestamp, firstSeen, 1),
  // Typed string, as Kubernetes declares it, though the cell is an integer.
  column('Count', docs.eventCount, count, 1),
  nameColumn(1)
]
