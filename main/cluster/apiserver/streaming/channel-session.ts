import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import { systemWall } from '../../clock/wall'
import { channels, decodeFrame, encodeFrame, pickProtocol, type StreamProtocol } from './channels'
import type { CommandSession } from './command-session'
import { InputQueue } from './input-queue'

/**
 * How long output waits for the client's answer to the first ping before it
 * is sent anyway (a client that does not read yet, or answers no pings).
 */
export const clientReadyTimeoutMs = 1000

/**
 * One exec or attach connection after the WebSocket upgrade: writes to the
 * client's stdout and stderr channels, reads its stdin (ended by v5's close
 * message or the connection's end), and finishes with the Status on the
 * error channel, then a normal close.
 *
 * Output waits until the client answers a ping sent at the upgrade. kubectl
 * (client-go's websocket executor) starts reading the connection before it
 * registers its streams, and drops a message for a stream it has not
 * registered yet ("Unknown stream id 3, discarding message"): a command that
 * failed at once would then end with no error and exit 0. A real apiserver
 * never answers that fast (its stream translator first dials the kubelet,
 * which asks the runtime to start the process); a simulated command can
 * finish within microseconds. The pong proves the client's reader runs, and
 * kubectl registers its streams right as it starts that reader.
 */
export class ChannelSession implements CommandSession {
  readonly stdin = new InputQueue()
  readonly translated = true
  private readonly closeListeners: (() => void)[] = []
  private closed = false
  /** Frames held until the client answered the first ping (see the class comment); undefined once it has. */
  private held: { frame: Buffer; sent?: () => void }[] | undefined = []
  private readonly readyTimer: unknown

  constructor(
    private readonly ws: WebSocket,
    readonly protocol: StreamProtocol
  ) {
    ws.once('pong', () => this.release())
    // A transport timeout, in wall time: the client is a real process.
    this.readyTimer = systemWall.setTimeout(() => this.release(), clientReadyTimeoutMs)
    ws.ping()
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = decodeFrame(isBinary ? data : Buffer.from(data))
      if (!frame) return
      if (frame.channel === channels.stdin) this.stdin.push(frame.data.toString())
      else if (frame.channel === channels.close && frame.data[0] === channels.stdin) this.stdin.end()
      // Resize (4) changes nothing in a simulated terminal.
    })
    ws.on('error', () => ws.terminate())
    ws.on('close', () => {
      this.closed = true
      systemWall.clearTimeout(this.readyTimer)
      this.stdin.end()
      for (const fn of this.closeListeners.splice(0)) fn()
    })
  }

  /** Calls fn when the client goes away (or the session finished). */
  onClose(fn: () => void): void {
    if (this.closed) fn()
    else this.closeListeners.push(fn)
  }

  write(channel: number, text: string): void {
    if (!this.closed && text) this.send(encodeFrame(channel, text))
  }

  /**
   * Sends how the command ended and closes the connection. The close frame
   * waits until the status is written, so that it travels in a TLS record of
   * its own, as a Go server's separate writes do: Node encrypts writes queued
   * together as one record, and a client that polls the socket between
   * frames (python's kubernetes.stream) would find the close already in its
   * TLS buffer, not on the socket, and wait on the socket forever.
   */
  finish(status: Record<string, unknown>): void {
    if (this.closed) return
    this.send(encodeFrame(channels.error, JSON.stringify(status)), () => this.ws.close(1000))
  }

  private send(frame: Buffer, sent?: () => void): void {
    if (this.held) this.held.push({ frame, sent })
    else this.ws.send(frame, sent)
  }

  /** The client is ready (or waited for long enough): sends what was held, in order. */
  private release(): void {
    systemWall.clearTimeout(this.readyTimer)
    const held = this.held
    if (!held) return
    this.held = undefined
    if (this.closed) return
    for (const { frame, sent } of held) this.ws.send(frame, sent)
  }
}

/** Accepts WebSocket upgrades for the channel protocols. */
export class ChannelSessionServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    maxPayload: 1 << 20,
    handleProtocols: (offered) => pickProtocol(offered) ?? false
  })

  /** The protocol this upgrade would get; undefined when it offers none of ours. */
  static protocolOf(req: IncomingMessage): StreamProtocol | undefined {
    return pickProtocol((req.headers['sec-websocket-protocol'] ?? '').split(','))
  }

  /** Whether the request is a WebSocket upgrade (kubectl 1.32's first try) rather than SPDY (its fallback). */
  static isWebSocket(req: IncomingMessage): boolean {
    return (req.headers.upgrade ?? '').toLowerCase() === 'websocket'
  }

  accept(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<ChannelSession> {
    const protocol = ChannelSessionServer.protocolOf(req)!
    return new Promise((resolve) => this.wss.handleUpgrade(req, socket, head, (ws) => resolve(new ChannelSession(ws, protocol))))
  }

  close(): void {
    for (const client of this.wss.clients) client.terminate()
    this.wss.close()
  }
}
