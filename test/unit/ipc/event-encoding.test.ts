/**
 * Pushed events as serve mode's WebSocket carries them: the same text as
 * JSON.stringify of the message, a large batch of deltas encoded over
 * several turns, and events leaving in the order they were emitted.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WebSocket } from 'ws'
import { encodeEvent } from '../../../main/ipc/event-encoding'
import { attachWsTransport, ipcPath, type WsTransport } from '../../../main/ipc/ws-transport'
import type { Handlers } from '../../../main/ipc/handlers'
import type { Events, WatchDelta } from '../../../preload/contract'

const delta = (i: number): WatchDelta => ({ type: 'MODIFIED', resource: 'pods', object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `web-${i}`, namespace: 'default', labels: { note: 'é"\\\n' } } } })
const batch = (n: number, resync?: string[]): Events['watch/deltas'] => ({ revision: 42, deltas: Array.from({ length: n }, (_, i) => delta(i)), ...(resync ? { resync } : {}) })
const message = (channel: string, payload: unknown): string => JSON.stringify({ type: 'event', channel, payload })

/** Makes every reading of performance.now() 3 ms later than the last: encoding runs out of its slice every second delta. */
function slowClock(): void {
  let now = 0
  vi.spyOn(performance, 'now').mockImplementation(() => (now += 3))
}

afterEach(() => vi.restoreAllMocks())

describe('encodeEvent', () => {
  it('writes what JSON.stringify writes, within the turn when the batch is small', () => {
    expect(encodeEvent('watch/deltas', batch(3))).toBe(message('watch/deltas', batch(3)))
    expect(encodeEvent('watch/deltas', batch(2, ['pods']))).toBe(message('watch/deltas', batch(2, ['pods'])))
    expect(encodeEvent('watch/deltas', batch(0))).toBe(message('watch/deltas', batch(0)))
    const tick: Events['clock/tick'] = { now: 1, mode: 'realtime', speed: 1, paused: false }
    expect(encodeEvent('clock/tick', tick)).toBe(message('clock/tick', tick))
  })

  it('encodes a batch that outlasts its slice over later turns, into the same text', async () => {
    slowClock()
    const encoded = encodeEvent('watch/deltas', batch(10, ['services']))
    expect(encoded).toBeInstanceOf(Promise)
    vi.restoreAllMocks()
    expect(await encoded).toBe(message('watch/deltas', batch(10, ['services'])))
  })
})

describe('the WebSocket transport', () => {
  let server: Server
  let transport: WsTransport
  afterEach(async () => {
    transport?.close()
    await new Promise((r) => server?.close(r))
  })

  it('sends events in the order emitted while a large batch is still being encoded', async () => {
    server = createServer()
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    transport = attachWsTransport(server, 'secret', {} as Handlers)
    const port = (server.address() as AddressInfo).port
    const ws = new WebSocket(`ws://127.0.0.1:${port}${ipcPath}?token=secret`)
    const received: string[] = []
    ws.on('message', (data) => received.push(data.toString()))
    await new Promise((r, j) => ws.once('open', r).once('error', j))
    const tick: Events['clock/tick'] = { now: 1, mode: 'realtime', speed: 1, paused: false }
    slowClock()
    transport.emit('watch/deltas', batch(10))
    vi.restoreAllMocks()
    transport.emit('clock/tick', tick)
    await vi.waitFor(() => expect(received.length).toBe(2), { timeout: 5000 })
    expect(received).toEqual([message('watch/deltas', batch(10)), message('clock/tick', tick)])
    ws.close()
  })
})
