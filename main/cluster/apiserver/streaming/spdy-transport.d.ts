/** The part of spdy-transport (no typings of its own) that the port-forward session uses. */
declare module 'spdy-transport' {
  import type { Duplex } from 'node:stream'
  import type { EventEmitter } from 'node:events'

  export interface SpdyStream extends Duplex {
    id: number
    headers: Record<string, string>
    respond(status: number, headers: Record<string, string>, callback?: (err?: Error) => void): void
    abort(code?: string, callback?: () => void): void
  }

  export interface WindowSide {
    setMax(n: number): void
    update(n: number): void
    getCurrent(): number
  }

  export interface SpdyConnection extends EventEmitter {
    start(version: number): void
    end(callback?: () => void): void
    destroyStreams(err?: Error): void
    on(event: 'stream', listener: (stream: SpdyStream) => void): this
    on(event: 'error' | 'close', listener: (err?: Error) => void): this
    on(event: string, listener: (...args: unknown[]) => void): this
    _spdyState: {
      parser: { parseKVs(buffer: unknown, callback: (err: Error | null, headers?: Record<string, string>) => void): void }
      window: { send: WindowSide }
      streamWindow: { send: WindowSide }
    }
  }

  export const connection: {
    create(socket: Duplex, options: { protocol: 'spdy'; isServer: boolean; windowSize?: number; maxChunk?: number | false }): SpdyConnection
  }

  /** The CommonJS module as Node's ESM loader gives it (it finds no named exports in it). */
  const spdyTransport: { connection: typeof connection }
  export default spdyTransport
}
