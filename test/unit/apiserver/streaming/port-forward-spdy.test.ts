import { duplexPair, type Duplex } from 'node:stream'
import spdyTransport, { type SpdyStream } from 'spdy-transport'
import { afterEach, describe, expect, it } from 'vitest'
import { PortForwardStreams, type ForwardPort } from '../../../../main/cluster/apiserver/streaming/port-forward-streams'
import { SpdyServerSession, type SpdyServerStream } from '../../../../main/cluster/apiserver/streaming/spdy-session'
import { waitFor } from '../../../support/wait'

/** Reads a stream to its end. */
function readAll(stream: Duplex): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = ''
    stream.on('data', (d: Buffer) => (text += d.toString()))
    stream.on('end', () => resolve(text))
    stream.on('error', reject)
  })
}

/** A SPDY/3.1 client (spdy-transport's) on one end of an in-memory connection, the server session on the other. */
function sessionPair(onStream: (s: SpdyServerStream) => void) {
  const [clientEnd, serverEnd] = duplexPair()
  const server = new SpdyServerSession(serverEnd, onStream)
  const client = spdyTransport.connection.create(clientEnd, { protocol: 'spdy', isServer: false })
  client.on('error', () => {})
  // A client that behaves as spdystream: SYN_STREAMs without pseudo-headers (no :method, no :path), and
  // no flow control: no SETTINGS with an initial window, no WINDOW_UPDATE as it reads.
  const framer = (
    client as unknown as {
      _spdyState: { framer: { headersToDict(h: object, pre: (h: Record<string, string>) => void, cb: unknown): void; settingsFrame(): void; windowUpdateFrame(): void } }
    }
  )._spdyState.framer
  framer.settingsFrame = () => {}
  framer.windowUpdateFrame = () => {}
  const headersToDict = framer.headersToDict.bind(framer)
  framer.headersToDict = (h, pre, cb) =>
    headersToDict(h, (lowered) => {
      pre?.(lowered)
      for (const name of Object.keys(lowered)) if (name.startsWith(':')) delete lowered[name]
    }, cb)
  client.start(3.1)
  const open = (headers: Record<string, string>): Promise<SpdyStream> =>
    new Promise((resolve, reject) => {
      const req = (client as unknown as { request(uri: object, cb: (err: Error | null, s: SpdyStream) => void): SpdyStream }).request(
        { method: 'POST', path: '/', headers },
        (err) => (err ? reject(err) : resolve(req))
      )
    })
  return { server, client, open, clientEnd }
}

const sessions: { close(): void }[] = []
afterEach(() => {
  for (const s of sessions.splice(0)) s.close()
})

describe('SPDY session for port-forward', () => {
  it('accepts streams that carry only Kubernetes headers and hands them over without pseudo-headers', async () => {
    const seen: SpdyServerStream[] = []
    const { server, open } = sessionPair((s) => seen.push(s))
    sessions.push(server)
    const stream = await open({ streamtype: 'data', port: '80', requestid: '0' })
    await waitFor(() => seen.length === 1, 'the stream handed over')
    expect(seen[0].headers).toEqual({ streamtype: 'data', port: '80', requestid: '0' })
    expect(seen[0].id % 2).toBe(1)
    seen[0].stream.end('from the pod')
    stream.end('from kubectl')
    expect(await readAll(stream)).toBe('from the pod')
    expect(await readAll(seen[0].stream)).toBe('from kubectl')
  })

  it('writes past the first 64 KiB window even when the client never opens it further (spdystream sends no WINDOW_UPDATE)', async () => {
    let server!: SpdyServerStream
    const { server: session, open } = sessionPair((s) => (server = s))
    sessions.push(session)
    const stream = await open({ streamtype: 'data', port: '80', requestid: '0' })
    await waitFor(() => server, 'the stream')
    const big = 'x'.repeat(300_000)
    server.stream.end(big)
    stream.end()
    expect((await readAll(stream)).length).toBe(big.length)
  })
})

/** A stream the session would hand over, backed by an in-memory pair: `client` is kubectl's end. */
function fakeStream(id: number, headers: Record<string, string>): SpdyServerStream & { client: Duplex; wasReset: () => boolean } {
  const [server, client] = duplexPair()
  let reset = false
  return { id, headers, stream: server, client, reset: () => (reset = true), wasReset: () => reset }
}

describe('port-forward stream pairs (kubelet httpstream)', () => {
  const echoUpper: ForwardPort = (port, data) =>
    new Promise((resolve) => {
      data.on('data', (d: Buffer) => data.write(`${port}:${d.toString().toUpperCase()}`))
      data.on('end', () => resolve())
    })

  it('forwards once both streams of a request id are there; the port comes from the headers', async () => {
    const streams = new PortForwardStreams(echoUpper, '0xc0001')
    const error = fakeStream(1, { streamtype: 'error', port: '8080', requestid: '7' })
    const data = fakeStream(3, { streamtype: 'data', port: '8080', requestid: '7' })
    streams.add(error)
    error.client.end()
    streams.add(data)
    data.client.end('hi')
    expect(await readAll(data.client)).toBe('8080:HI')
    expect(await readAll(error.client)).toBe('')
    streams.close()
  })

  it('writes a forwarding failure on the error stream and closes both', async () => {
    const streams = new PortForwardStreams(() => Promise.reject(new Error('error forwarding port 81 to pod abc, uid : refused')), '0xc0001')
    const data = fakeStream(3, { streamtype: 'data', port: '81', requestid: '0' })
    const error = fakeStream(1, { streamtype: 'error', port: '81', requestid: '0' })
    streams.add(data)
    streams.add(error)
    expect(await readAll(error.client)).toBe('error forwarding port 81 to pod abc, uid : refused')
    expect(await readAll(data.client)).toBe('')
  })

  it('resets streams with a bad type or port, or a second stream of a kind', () => {
    const streams = new PortForwardStreams(echoUpper, '0xc0001')
    const badType = fakeStream(1, { streamtype: 'stdin', port: '80', requestid: '0' })
    const badPort = fakeStream(3, { streamtype: 'data', port: 'http', requestid: '1' })
    const first = fakeStream(5, { streamtype: 'error', port: '80', requestid: '2' })
    const dup = fakeStream(7, { streamtype: 'error', port: '80', requestid: '2' })
    for (const s of [badType, badPort, first, dup]) streams.add(s)
    expect([badType.wasReset(), badPort.wasReset(), first.wasReset(), dup.wasReset()]).toEqual([true, true, false, true])
    streams.close()
  })

  it('reports a pair left incomplete past the stream creation timeout on its error stream', async () => {
    const streams = new PortForwardStreams(echoUpper, '0xc0001', 5)
    const error = fakeStream(1, { streamtype: 'error', port: '80', requestid: '4' })
    streams.add(error)
    expect(await readAll(error.client)).toBe('(conn=0xc0001, request=4) timed out waiting for streams')
  })
})
