import type { Server } from 'node:http'
import { timingSafeEqual } from 'node:crypto'
import { WebSocketServer, type WebSocket } from 'ws'
import { eventChannels, type EventChannel, type Events } from '../../preload/contract'
import type { Handlers } from './handlers'
import { dispatchCall, serializeError } from './dispatch'
import { encodeEvent } from './event-encoding'
import type { CallMessage, ServerMessage } from './wire'

/** The path of serve mode's contract socket. */
export const ipcPath = '/ipc'

export interface WsTransport {
  /** Pushes an event to every connected renderer. */
  emit<E extends EventChannel>(channel: E, payload: Events[E]): void
  close(): void
}

function tokenMatches(given: string | null, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

/**
 * Serve mode's transport: the contract over a WebSocket on the UI server.
 * A connection must carry the token printed at start (as Jupyter does) and
 * come from the UI's own origin.
 */
export function attachWsTransport(server: Server, token: string, handlers: Handlers): WsTransport {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 4 * 1024 * 1024 })
  const sockets = new Set<WebSocket>()

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const host = req.headers.host
    const origin = req.headers.origin
    const sameOrigin = !origin || origin === `http://${host}`
    if (url.pathname !== ipcPath || !tokenMatches(url.searchParams.get('token'), token) || !sameOrigin) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws)
      ws.on('close', () => sockets.delete(ws))
      ws.on('message', (data) => void onMessage(ws, data.toString()))
    })
  })

  async function onMessage(ws: WebSocket, text: string): Promise<void> {
    let msg: CallMessage
    try {
      msg = JSON.parse(text) as CallMessage
      if (msg?.type !== 'call' || typeof msg.id !== 'number') throw new Error('not a call')
    } catch {
      return // not ours; a malformed frame gets no answer rather than a crash
    }
    let reply: ServerMessage
    try {
      reply = { type: 'result', id: msg.id, ok: true, result: await dispatchCall(handlers, msg.channel, msg.args) }
    } catch (e) {
      reply = { type: 'result', id: msg.id, ok: false, error: serializeError(e) }
    }
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
  }

  const broadcast = (text: string): void => {
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text)
  }
  // Events leave in the order emitted: while a large batch is still being encoded (event-encoding.ts), later ones wait behind it.
  let encoding = 0
  let sent: Promise<void> = Promise.resolve()

  return {
    emit(channel, payload) {
      if (!(eventChannels as readonly string[]).includes(channel)) throw new Error(`unknown event ${channel}`)
      const text = encodeEvent(channel, payload)
      if (encoding === 0 && typeof text === 'string') return broadcast(text)
      encoding++
      const previous = sent
      sent = (async () => {
        try {
          const encoded = await text
          await previous
          broadcast(encoded)
        } catch (e) {
          process.stderr.write(`kubelab: the ${channel} event could not be sent: ${(e as Error).message ?? e}\n`)
        } finally {
          encoding--
        }
      })()
    },
    close() {
      for (const ws of sockets) ws.terminate()
      wss.close()
    }
  }
}
