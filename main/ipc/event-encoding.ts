import type { EventChannel, Events } from '../../preload/contract'

/**
 * The text of a pushed event on serve mode's WebSocket (wire.ts), as
 * JSON.stringify({ type: 'event', channel, payload }) gives it. A batch of
 * watch deltas on a busy cluster (a thousand pods, ten Endpoints of a
 * thousand addresses each) takes tens of milliseconds to encode: its deltas
 * are encoded one by one, and once a turn of the event loop has spent
 * `sliceMs` on them the rest is encoded in later turns, so the API and the
 * cluster's timers run in between. The page receives the same single message.
 */

/** How long encoding may hold one turn of the event loop. */
const sliceMs = 3

type DeltasPayload = Events['watch/deltas']

/** The text of the event: a string when encoded within this turn, else a promise of it. */
export function encodeEvent<E extends EventChannel>(channel: E, payload: Events[E]): string | Promise<string> {
  if (channel === 'watch/deltas' && isDeltasPayload(payload)) return encodeDeltas(payload)
  return JSON.stringify({ type: 'event', channel, payload })
}

/** The payload as feeds build it (revision, deltas, and resync when a watch restarted), whose text encodeDeltas writes key by key. */
function isDeltasPayload(payload: unknown): payload is DeltasPayload {
  const keys = Object.keys(payload as object)
  return Array.isArray((payload as DeltasPayload).deltas) && typeof (payload as DeltasPayload).revision === 'number' && keys[0] === 'revision' && keys[1] === 'deltas' && (keys.length === 2 || (keys.length === 3 && keys[2] === 'resync'))
}

function encodeDeltas(payload: DeltasPayload): string | Promise<string> {
  const { deltas } = payload
  const parts: string[] = new Array<string>(deltas.length)
  const whole = (): string => {
    const resync = payload.resync === undefined ? '' : `,"resync":${JSON.stringify(payload.resync)}`
    return `{"type":"event","channel":"watch/deltas","payload":{"revision":${JSON.stringify(payload.revision)},"deltas":[${parts.join(',')}]${resync}}}`
  }
  let next = encodeFrom(deltas, parts, 0)
  if (next === deltas.length) return whole()
  return (async () => {
    while (next < deltas.length) {
      await new Promise<void>((resolve) => setImmediate(resolve))
      next = encodeFrom(deltas, parts, next)
    }
    return whole()
  })()
}

/** Encodes deltas from `start` until they are done or this turn's slice is spent; returns where to go on. */
function encodeFrom(deltas: DeltasPayload['deltas'], parts: string[], start: number): number {
  const began = performance.now()
  let i = start
  while (i < deltas.length) {
    // A delta JSON would drop (undefined) is written as null, as JSON.stringify writes it in a list.
    parts[i] = JSON.stringify(deltas[i]) ?? 'null'
    i++
    if (performance.now() - began >= sliceMs) break
  }
  return i
}
