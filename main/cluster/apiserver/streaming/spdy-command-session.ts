import type { Duplex } from 'node:stream'
import { channels } from './channels'
import type { CommandSession, RequestedStreams } from './command-session'
import { InputQueue } from './input-queue'
import { SpdyServerSession, type SpdyServerStream } from './spdy-session'

/**
 * Exec and attach over SPDY (what kubectl falls back to when its WebSocket
 * upgrade is refused, and what clients before 1.30 always use), served as
 * the container runtime's streaming server serves it
 * (k8s.io/kubelet/pkg/cri/streaming/remotecommand): the client opens one
 * SPDY stream per standard stream it wants, each named by its `streamtype`
 * header (`error`, `stdin`, `stdout`, `stderr`, `resize`); the command runs
 * once all the expected ones are open. How it ended goes on the error
 * stream: v4 writes the Status as JSON (Success included); v2 and v3 write
 * only a failure's message.
 */

/** The remote command versions served over SPDY, most preferred first (channel.k8s.io, v1, has other stream rules and is not served). */
export const spdyCommandProtocols = ['v4.channel.k8s.io', 'v3.channel.k8s.io', 'v2.channel.k8s.io'] as const

/** The stream types the client opens for these options: the error stream, each asked-for stream (stderr joins stdout on a tty), and resize on a tty from v3. */
export function expectedStreamTypes(requested: RequestedStreams, version: string): string[] {
  const types = ['error']
  if (requested.stdin) types.push('stdin')
  if (requested.stdout) types.push('stdout')
  if (requested.stderr && !requested.tty) types.push('stderr')
  if (requested.tty && version !== 'v2.channel.k8s.io') types.push('resize')
  return types
}

export class SpdyCommandSession implements CommandSession {
  readonly stdin = new InputQueue()
  readonly translated = false
  private readonly streams = new Map<string, Duplex>()
  private readonly session: SpdyServerSession
  private finished = false

  /** Serves the upgraded socket; onReady runs once every expected stream is open. */
  constructor(
    socket: Duplex,
    private readonly version: string,
    requested: RequestedStreams,
    onReady: (session: SpdyCommandSession) => void
  ) {
    const expected = new Set(expectedStreamTypes(requested, version))
    this.session = new SpdyServerSession(socket, (s) => {
      const type = s.headers.streamtype ?? ''
      if (!expected.has(type) || this.streams.has(type)) {
        s.reset()
        return
      }
      this.accept(type, s)
      if (this.streams.size === expected.size) onReady(this)
    })
    this.session.onClose(() => this.stdin.end())
  }

  write(channel: number, text: string): void {
    const stream = this.streams.get(channel === channels.stderr ? 'stderr' : 'stdout')
    if (!this.finished && text && stream?.writable) stream.write(text)
  }

  onClose(fn: () => void): void {
    this.session.onClose(fn)
  }

  /**
   * Ends each output stream (a SPDY FIN after its last data), the error
   * stream after the report. The client has then read everything and closes
   * the connection itself; closing it from here could cut frames still
   * queued behind the GOAWAY.
   */
  finish(status: Record<string, unknown>): void {
    if (this.finished) return
    this.finished = true
    for (const type of ['stdout', 'stderr']) this.streams.get(type)?.end()
    const report = this.version === 'v4.channel.k8s.io' ? JSON.stringify(status) : status.status === 'Success' ? '' : String(status.message ?? '')
    this.streams.get('error')?.end(report)
  }

  /** Ends the session at once (the server is closing). */
  close(): void {
    this.session.close()
  }

  private accept(type: string, s: SpdyServerStream): void {
    this.streams.set(type, s.stream)
    if (type === 'stdin') {
      s.stream.on('data', (chunk: Buffer) => this.stdin.push(chunk.toString()))
      s.stream.on('end', () => this.stdin.end())
    } else if (type === 'resize') {
      // Resize messages change nothing in a simulated terminal; read them so the stream flows.
      s.stream.resume()
    }
  }
}
