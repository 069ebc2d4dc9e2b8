import type { Duplex } from 'node:stream'
import { systemWall, type WallSource } from '../../clock/wall'
import type { SpdyServerStream } from './spdy-session'

/**
 * The streams of one SPDY port-forward session, paired as the kubelet pairs
 * them (pkg/kubelet/cri/streaming/portforward/httpstream.go): for every
 * local connection kubectl opens an error stream and a data stream with the
 * same `requestid` and `port` headers; once both are there, the data
 * stream's bytes go to that port in the pod, and a failure is written as
 * text on the error stream. Both streams are closed when the forwarding
 * ends. A pair that stays incomplete past the stream creation timeout is
 * reported on its error stream and dropped; that timeout waits on a real
 * client's network I/O, so it runs on wall time, not the cluster's.
 */

/** Connects a data stream to a port of the pod; resolves when the connection is over, rejects with the text for the error stream. */
export type ForwardPort = (port: number, data: Duplex) => Promise<void>

/** How long the kubelet waits for the second stream of a pair (streaming.DefaultConfig's StreamCreationTimeout). */
export const streamCreationTimeoutMs = 30_000

interface Pair {
  error?: SpdyServerStream
  data?: SpdyServerStream
  timer: unknown
}

export class PortForwardStreams {
  private readonly pairs = new Map<string, Pair>()

  constructor(
    private readonly forward: ForwardPort,
    /** How the kubelet's log names the connection (`%p` of its httpStreamHandler). */
    private readonly connName: string,
    private readonly timeoutMs = streamCreationTimeoutMs,
    private readonly wall: WallSource = systemWall
  ) {}

  /** A stream the client opened; checked as httpStreamReceived checks it (reset when its headers are wrong). */
  add(s: SpdyServerStream): void {
    const type = s.headers.streamtype
    const portText = s.headers.port ?? ''
    const port = Number(portText)
    const valid = (type === 'error' || type === 'data') && /^\d+$/.test(portText) && port > 0 && port <= 65535
    if (!valid) {
      s.reset()
      return
    }
    // Clients older than the requestID header are paired by stream id (error stream n, data stream n+2).
    const id = s.headers.requestid ?? String(type === 'data' ? s.id - 2 : s.id)
    let pair = this.pairs.get(id)
    if (!pair) {
      pair = { timer: this.wall.setTimeout(() => this.timedOut(id), this.timeoutMs) }
      this.pairs.set(id, pair)
    }
    if (pair[type]) {
      s.reset()
      return
    }
    pair[type] = s
    if (pair.error && pair.data) {
      this.wall.clearTimeout(pair.timer)
      this.pairs.delete(id)
      void this.run(port, pair.error, pair.data)
    }
  }

  /** The session ended: pairs still waiting are dropped. */
  close(): void {
    for (const pair of this.pairs.values()) this.wall.clearTimeout(pair.timer)
    this.pairs.clear()
  }

  private async run(port: number, error: SpdyServerStream, data: SpdyServerStream): Promise<void> {
    // kubectl closes its side of the error stream at once; what it sends there is not read.
    error.stream.resume()
    try {
      await this.forward(port, data.stream)
    } catch (e) {
      error.stream.write(e instanceof Error ? e.message : String(e))
    } finally {
      data.stream.end()
      error.stream.end()
    }
  }

  private timedOut(id: string): void {
    const pair = this.pairs.get(id)
    if (!pair) return
    this.pairs.delete(id)
    pair.error?.stream.end(`(conn=${this.connName}, request=${id}) timed out waiting for streams`)
    pair.data?.stream.end()
  }
}
