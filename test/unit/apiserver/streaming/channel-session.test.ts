import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { channels } from '../../../../main/cluster/apiserver/streaming/channels'
import { ChannelSessionServer, clientReadyTimeoutMs, type ChannelSession } from '../../../../main/cluster/apiserver/streaming/channel-session'
import { waitFor } from '../../../support/wait'

/** A channel-protocol server on 127.0.0.1 whose sessions the test drives. */
async function startServer(): Promise<{ server: Server; sessions: ChannelSessionServer; accepted: ChannelSession[]; url: string }> {
  const sessions = new ChannelSessionServer()
  const accepted: ChannelSession[] = []
  const server = createServer()
  server.on('upgrade', (req, socket, head) => void sessions.accept(req, socket, head).then((s) => accepted.push(s)))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { server, sessions, accepted, url: `ws://127.0.0.1:${port}/` }
}

/** What a client saw, in order: pings and the channel of each message. */
type Seen = 'ping' | `channel ${number}` | 'close'

function connect(url: string, seen: Seen[], autoPong: boolean): WebSocket {
  const ws = new WebSocket(url, ['v5.channel.k8s.io'], { autoPong })
  ws.on('ping', () => seen.push('ping'))
  ws.on('message', (data: Buffer) => seen.push(`channel ${data[0]}`))
  ws.on('close', () => seen.push('close'))
  return ws
}

describe('ChannelSession: output waits for the client to be ready', () => {
  let stop: (() => Promise<void>) | undefined
  afterEach(async () => {
    await stop?.()
    stop = undefined
  })

  async function open(autoPong: boolean) {
    const s = await startServer()
    const seen: Seen[] = []
    const ws = connect(s.url, seen, autoPong)
    stop = async () => {
      ws.terminate()
      s.sessions.close()
      await new Promise((resolve) => s.server.close(resolve))
    }
    await waitFor(() => s.accepted.length === 1, 'the upgrade')
    return { ws, seen, session: s.accepted[0] }
  }

  it('holds a command that ended at once until the client answers the ping sent at the upgrade, then sends it in order', async () => {
    const { ws, seen, session } = await open(false)
    // The command writes and ends before the client has answered anything.
    session.write(channels.stdout, 'out')
    session.write(channels.stderr, 'err')
    session.finish({ metadata: {}, status: 'Success' })
    await waitFor(() => seen.includes('ping'), 'the ping')
    // The ping came first; the output is still held on the server.
    expect(seen).toEqual(['ping'])
    ws.pong()
    await waitFor(() => seen.includes('close'), 'the close')
    expect(seen).toEqual(['ping', 'channel 1', 'channel 2', 'channel 3', 'close'])
  })

  it('sends output written after the client is ready at once', async () => {
    const { seen, session } = await open(true)
    await waitFor(() => seen.includes('ping'), 'the ping')
    // The pong travels back; whatever is written from then on goes straight out.
    await waitFor(() => (session.write(channels.stdout, 'x'), seen.includes('channel 1')), 'stdout')
    session.finish({ metadata: {}, status: 'Success' })
    await waitFor(() => seen.includes('close'), 'the close')
    expect(seen.at(-2)).toBe('channel 3')
  })

  it('a client that never answers pings gets its output after the ready timeout', async () => {
    const { seen, session } = await open(false)
    await waitFor(() => seen.includes('ping'), 'the ping')
    session.finish({ metadata: {}, status: 'Success' })
    expect(seen).toEqual(['ping'])
    await waitFor(() => seen.includes('close'), 'the close', clientReadyTimeoutMs * 5)
    expect(seen).toEqual(['ping', 'channel 3', 'close'])
  })
})
