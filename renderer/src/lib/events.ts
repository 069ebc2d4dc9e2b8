/** Reading Kubernetes Event objects for the event stream and the inspector. Pure. */
import type { KubeObject } from '../../../preload/contract'
import { get, type ObjectRef, resourceOfKind } from './kube'

export interface EventRow {
  key: string
  /** ms since the epoch of the last occurrence. */
  at: number
  type: string
  reason: string
  object: string
  objectRef?: ObjectRef
  message: string
  count: number
  namespace?: string
  involvedUid?: string
}

export function eventRow(e: KubeObject): EventRow {
  const stamp = get<string>(e, 'lastTimestamp') ?? get<string>(e, 'eventTime') ?? get<string>(e, 'series', 'lastObservedTime') ?? get<string>(e, 'firstTimestamp') ?? e.metadata.creationTimestamp
  const kind = get<string>(e, 'involvedObject', 'kind') ?? ''
  const name = get<string>(e, 'involvedObject', 'name') ?? ''
  const ns = get<string>(e, 'involvedObject', 'namespace')
  return {
    key: `${e.metadata.namespace}/${e.metadata.name}`,
    at: stamp ? Date.parse(stamp) : 0,
    type: get<string>(e, 'type') ?? 'Normal',
    reason: get<string>(e, 'reason') ?? '',
    object: `${kind.toLowerCase()}/${name}`,
    objectRef: resourceOfKind[kind] ? { resource: resourceOfKind[kind], namespace: ns || undefined, name } : undefined,
    message: get<string>(e, 'message') ?? '',
    count: get<number>(e, 'count') ?? get<number>(e, 'series', 'count') ?? 1,
    namespace: e.metadata.namespace,
    involvedUid: get<string>(e, 'involvedObject', 'uid')
  }
}

/** Newest first, as a stream reads best. */
export function sortedEvents(events: KubeObject[]): EventRow[] {
  return events.map(eventRow).sort((a, b) => b.at - a.at || a.key.localeCompare(b.key))
}
