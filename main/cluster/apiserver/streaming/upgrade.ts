import { STATUS_CODES, type IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import { badRequest, notFoundPath } from '../../apimachinery/errors'
import type { Resources } from '../../registry/resources'
import { parseRequestInfo } from '../request-info'
import { asStatusError } from '../respond'
import { internalErrorStatus } from './channels'
import { ChannelSessionServer, type ChannelSession } from './channel-session'

/**
 * Upgraded requests (authenticated by the TLS server, authorized by the API
 * server as their user before they come here): pods/exec and
 * pods/attach over a WebSocket. The request is checked first (pod,
 * container, parameters), and a bad one answered with its Status and no
 * upgrade, so kubectl prints `Error from server (BadRequest): ...` after its
 * SPDY fallback gets the same answer. A good one is upgraded and run.
 */

/** A subresource served over an upgraded connection. */
export interface StreamSubresource {
  subresource: string
  /** Checks the request (throws a Status error); returns what runs once the connection is upgraded. */
  prepare(pod: Pod, query: URLSearchParams): (session: ChannelSession) => Promise<void>
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

  constructor(
    private readonly resources: Resources,
    private readonly subresources: (StreamSubresource | UpgradeSubresource)[]
  ) {}

  /** Takes over one authenticated upgrade request; never throws. */
  handle(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy())
    let run: ReturnType<UpgradeRouter['prepare']>
    try {
      run = this.prepare(req)
    } catch (e) {
      refuseUpgrade(socket, e)
      return
    }
    if ('takeOver' in run) {
      run.takeOver(req, socket, head)
      return
    }
    void this.sessions
      .accept(req, socket, head)
      .then((session) =>
        run(session).catch((e: unknown) => session.finish(internalErrorStatus(e instanceof Error ? e.message : String(e))))
      )
  }

  /** Ends every open session (the server is closing). */
  close(): void {
    this.sessions.close()
  }

  private prepare(req: IncomingMessage): ((session: ChannelSession) => Promise<void>) | { takeOver: ReturnType<UpgradeSubresource['takeOver']> } {
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
    const run = sub.prepare(pod, query)
    if (!ChannelSessionServer.isWebSocket(req)) throw badRequest(`unable to upgrade: only WebSocket subprotocols ${'v5.channel.k8s.io'} and v4.channel.k8s.io are served`)
    if (!ChannelSessionServer.protocolOf(req)) throw badRequest('unable to upgrade: no supported WebSocket subprotocol was requested (v5.channel.k8s.io, v4.channel.k8s.io)')
    return run
  }
}

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
