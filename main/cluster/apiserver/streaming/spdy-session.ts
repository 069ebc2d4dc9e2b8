import type { Duplex } from 'node:stream'
import spdyTransport, { type SpdyConnection, type SpdyStream } from 'spdy-transport'

/**
 * The server side of a SPDY/3.1 session over any byte stream (an upgraded
 * TLS socket, or the bytes a WebSocket tunnel carries), as
 * k8s.io/apimachinery's httpstream/spdy serves it to kubectl's spdystream:
 * every stream the client opens is accepted with an empty SYN_REPLY and
 * handed over with its headers.
 *
 * spdy-transport speaks SPDY for HTTP and insists that a SYN_STREAM carries
 * `:method` and `:path`; Kubernetes' streams carry only their own headers
 * (`streamtype`, `port`, `requestid`), so the header block of each incoming
 * frame is given those two before the check and they are dropped again from
 * the headers handed over.
 *
 * spdystream implements no flow control: it never sends WINDOW_UPDATE, and
 * a Go server never waits for one. spdy-transport would stop writing after
 * the first 64 KiB window, so its send windows (the session's and each
 * stream's) are opened wide, with headroom below SPDY's 2^31-1 limit for
 * the updates another client may still send.
 */

/** One stream the client opened: its headers (names lower-case, as SPDY sends them) and its bytes both ways. */
export interface SpdyServerStream {
  /** The SPDY stream id (odd: the client opened it). */
  id: number
  headers: Record<string, string>
  stream: Duplex
  /** Resets the stream (RST_STREAM), as spdystream's Reset does. */
  reset(): void
}

const placeholders = { ':method': 'POST', ':path': '/' }
const openWindow = 2 ** 30

export class SpdyServerSession {
  private readonly conn: SpdyConnection
  private readonly closeListeners: (() => void)[] = []
  private closed = false

  constructor(
    socket: Duplex,
    onStream: (s: SpdyServerStream) => void
  ) {
    this.conn = spdyTransport.connection.create(socket, { protocol: 'spdy', isServer: true })
    const parser = this.conn._spdyState.parser
    const parseKVs = parser.parseKVs.bind(parser)
    parser.parseKVs = (buffer, callback) => parseKVs(buffer, (err, headers) => callback(err, headers && { ...placeholders, ...headers }))
    const { window, streamWindow } = this.conn._spdyState
    window.send.update(openWindow - window.send.getCurrent())
    streamWindow.send.setMax(openWindow)
    this.conn.start(3.1)
    this.conn.on('stream', (stream: SpdyStream) => {
      const headers = Object.fromEntries(Object.entries(stream.headers).filter(([name]) => !name.startsWith(':')))
      stream.respond(200, {})
      stream.on('error', () => stream.destroy())
      onStream({ id: stream.id, headers, stream, reset: () => stream.abort() })
    })
    this.conn.on('error', () => this.close())
    socket.on('close', () => this.finished())
    socket.on('error', () => socket.destroy())
  }

  /** Calls fn once the session is over (the client went away, or close()). */
  onClose(fn: () => void): void {
    if (this.closed) fn()
    else this.closeListeners.push(fn)
  }

  /** Ends the session: GOAWAY, then the connection closes. */
  close(): void {
    if (this.closed) return
    this.conn.end()
    this.finished()
  }

  private finished(): void {
    if (this.closed) return
    this.closed = true
    this.conn.destroyStreams()
    for (const fn of this.closeListeners.splice(0)) fn()
  }
}
