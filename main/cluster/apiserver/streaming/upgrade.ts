import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import { badRequest, notFoundPath } from '../../apimachinery/errors'
import type { Resources } from '../../registry/resources'
import { parseRequestInfo } from '../request-info'
import { asStatusError } from '../respond'
import { internalErrorStatus } from './channels'
import { ChannelSessionServer } from './channel-session'
import type { CommandSession, RequestedStreams } from './command-session'
import { SpdyCommandSession, spdyCommandProtocols } from './spdy-command-session'
import { acceptSpdyUpgrade, isWebSocket } from './spdy-upgrade'

/**
 * Upgraded requests (authenticated by the TLS server, authorized by the API
 * server as their user before they come here): pods/exec and pods/attach
 * over a WebSocket (the channel protocol) or SPDY (kubectl's fallback, and
 * older clients' only way). The request is checked first (pod, container,
 * parameters), and a bad one answered with its Status and no upgrade, so
 * kubectl prints `Error from server (BadRequest): ...`. A good one is
 * upgraded and run.
 */

/** A subresource served over an upgraded connection. */
export interface StreamSubresource {
  subresource: string
  /** Checks the request (throws a Status error); returns the streams it asks for and what runs once the connection is upgraded. */
  prepare(pod: Pod, query: URLSearchParams): PreparedCommand
}

/** A checked exec or attach: its streams, and what runs over them. */
export interface PreparedCommand {
  streams: RequestedStreams
  run: (session: CommandSession) => Promise<void>
}

/** A subresource that upgrades the connection its own way (pods/portforward: SPDY, or a WebSocket tunnel). */
export interface UpgradeSubresource {
  subresource: string
  /** Checks the request (throws a Status error); returns what takes the socket over. */
  takeOver(pod: Pod, req: IncomingMessage): (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

const podsGVR = { group: '', version: 'v1', resource: 'pods' }

export class UpgradeRouter {
  private readonly sessions = new ChannelSessionServer()
  private readonly spdySessions = new Set<SpdyCommandSession>()

  constructor(
    private readonly resources: Resources,
    private readonly subresources: (StreamSubresource | UpgradeSubresource)[]
  ) {}

  /** Takes over one authenticated upgrade request; never throws. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    let prepared: ReturnType<UpgradeRouter['prepare']>
    try {
      prepared = this.prepare(req)
    } catch (e) {
      refuseUpgrade(socket, e)
      return
    }
    if ('takeOver' in prepared) {
      prepared.takeOver(req, socket, head)
      return
    }
    const { streams, run } = prepared
    const runIn = (session: CommandSession): void =>
      void run(session).catch((e: unknown) => session.finish(internalErrorStatus(e instanceof Error ? e.message : String(e))))
    if (isWebSocket(req)) {
      void this.sessions.accept(req, socket, head).then(runIn)
      return
    }
    const version = acceptSpdyUpgrade(req, socket, head, spdyCommandProtocols)
    if (version === undefined) return
    const session = new SpdyCommandSession(socket, version, streams, runIn)
    this.spdySessions.add(session)
    session.onClose(() => this.spdySessions.delete(session))
  }

  /** Ends every open session (the server is closing). */
  close(): void {
    this.sessions.close()
    for (const session of this.spdySessions) session.close()
  }

  private prepare(req: IncomingMessage): PreparedCommand | { takeOver: ReturnType<UpgradeSubresource['takeOver']> } {
    const raw = req.url ?? '/'
    const query = new URL(raw, 'https://127.0.0.1').searchParams
    const info = parseRequestInfo(req.method ?? 'GET', raw.split('?')[0], query)
    if (info.kind !== 'resource' || info.group !== '' || info.version !== 'v1' || info.resource !== 'pods' || !info.name || !info.namespace) throw notFoundPath()
    const sub = this.subresources.find((s) => s.subresource === info.subresource)
    if (!sub) throw notFoundPath()
    const pods = this.resources.forGVR(podsGVR)
    if (!pods) throw notFoundPath()
    const pod = pods.get(info.namespace, info.name, 'v1') as unknown as Pod
    if ('takeOver' in sub) return { takeOver: sub.takeOver(pod, req) }
    const prepared = sub.prepare(pod, query)
    if (isSpdy(req)) return prepared
    if (!isWebSocket(req)) throw badRequest('Upgrade request required')
    if (!ChannelSessionServer.protocolOf(req)) throw badRequest('unable to upgrade: no supported WebSocket subprotocol was requested (v5.channel.k8s.io, v4.channel.k8s.io)')
    return prepared
  }
}

/** Whether the request asks for a SPDY upgrade (`Upgrade: SPDY/3.1`). */
const isSpdy = (req: IncomingMessage): boolean => /^spdy\/3\.1$/i.test(String(req.headers.upgrade ?? '').trim())

/** Answers an upgrade request with a Status and no upgrade (a bad request, or one the authorizer denied). */
export function refuseUpgrade(socket: Duplex, e: unknown): void {
  if (socket.listenerCount('error') === 0) socket.on('error', () => socket.destroy())
  const err = asStatusError(e)
  const body = JSON.stringify(err.status)
  socket.end(
    `HTTP/1.1 ${err.code} ${STATUS_CODES[err.code] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      'Connection: close\r\n\r\n' +
      body
  )
}
