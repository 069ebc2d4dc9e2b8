import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Pod } from 'kubernetes-types/core/v1'
import { createWebSocketStream, WebSocketServer } from 'ws'
import { badRequest } from '../../apimachinery/errors'
import type { Resources } from '../../registry/resources'
import { NodeStreamRefused, type NodeProxy, type PortForwardTarget } from '../node-proxy'
import { channelForwardProtocols, forwardedPorts, portsProblem, serveChannelPortForward } from './port-forward-channels'
import { PortForwardStreams } from './port-forward-streams'
import { SpdyServerSession } from './spdy-session'
import { acceptSpdyUpgrade, goList, isWebSocket, offered, refuseText } from './spdy-upgrade'
import type { UpgradeSubresource } from './upgrade'

/**
 * pods/portforward, the two ways kubectl 1.32 asks for it: first a
 * WebSocket whose subprotocol `SPDY/3.1+portforward.k8s.io` tunnels a SPDY
 * session in binary messages (the apiserver's TunnelingHandler), then, when
 * that upgrade is refused, `POST` with `Upgrade: SPDY/3.1` and
 * `X-Stream-Protocol-Version: portforward.k8s.io`. Either way the SPDY
 * session carries the kubelet's port-forward protocol (port-forward-streams.ts).
 * A WebSocket with the channel protocol instead (client libraries, with
 * `?ports=`) reaches the kubelet's own WebSocket port forwarding
 * (port-forward-channels.ts).
 * When the node refuses (no running sandbox) the upgrade is answered with
 * the kubelet's plain-text error, which the apiserver's upgrade proxy passes
 * through and kubectl prints after `unable to upgrade connection: `.
 */

export const portForwardProtocol = 'portforward.k8s.io'
/** constants.WebsocketsSPDYTunnelingPortForwardV1. */
export const tunnelProtocol = `SPDY/3.1+${portForwardProtocol}`

/** Finds the pod as it is now (a connection made after it was deleted meets a sandbox that is gone). */
export type CurrentPod = (namespace: string, name: string) => Pod | undefined

/** The subresource for the upgrade router. */
export function portForwardSubresource(nodes: NodeProxy, resources: Resources): UpgradeSubresource {
  const currentPod: CurrentPod = (namespace, name) => {
    try {
      return resources.forGVR({ group: '', version: 'v1', resource: 'pods' })?.get(namespace, name, 'v1') as unknown as Pod | undefined
    } catch {
      return undefined
    }
  }
  return { subresource: 'portforward', takeOver: (pod, req) => preparePortForward(nodes, currentPod, pod, req) }
}

/** Takes over an upgrade request's socket. */
export type Takeover = (req: IncomingMessage, socket: Duplex, head: Buffer) => void

// `ws` checks offered subprotocols against RFC 6455's token grammar, which `/` and `+` break; the tunnel's
// offer is swapped for this token before the handshake and the reply names the real protocol.
const tunnelToken = 'spdy-tunnel'
const tunnels = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: () => tunnelProtocol })
const channelSockets = new WebSocketServer({ noServer: true, perMessageDeflate: false, handleProtocols: (offers) => channelForwardProtocols.find((p) => offers.has(p)) ?? false })

let sessions = 0

/** Checks a port-forward request (its pod is found and checked by the caller) and returns what serves it. */
export function preparePortForward(nodes: NodeProxy, currentPod: CurrentPod, pod: Pod, req: IncomingMessage): Takeover {
  if (!pod.spec?.nodeName) throw badRequest(`pod ${pod.metadata?.name ?? ''} does not have a host assigned`)
  const protocols = offered(req, 'sec-websocket-protocol')
  const channelPorts = isWebSocket(req) && !protocols.includes(tunnelProtocol) ? forwardedPorts(new URL(req.url ?? '/', 'https://127.0.0.1').searchParams) : undefined
  let target: PortForwardTarget
  try {
    target = nodes.portForward(pod)
  } catch (e) {
    if (!(e instanceof NodeStreamRefused)) throw e
    return (_req, socket) => refuseText(socket, 500, 'Internal Server Error', e.message)
  }
  const namespace = pod.metadata?.namespace ?? ''
  const name = pod.metadata?.name ?? ''
  const forward = (port: number, data: Duplex): Promise<void> => target.forward(port, data, currentPod(namespace, name))
  if (channelPorts) {
    // The kubelet checks the ports and the protocol before it upgrades (NewV4Options, wsstream's handshake).
    const problem = portsProblem(channelPorts) ?? (protocols.length && !protocols.some((p) => channelForwardProtocols.includes(p)) ? `requested protocol(s) are not supported: ${goList(protocols)}; supports ${goList(['', ...channelForwardProtocols])}` : undefined)
    if (problem) return (_req, socket) => refuseText(socket, 400, 'Bad Request', problem)
    return (request, socket, head) => channelSockets.handleUpgrade(request, socket, head, (ws) => serveChannelPortForward(ws, channelPorts, forward))
  }
  return (request, socket, head) => {
    if (isWebSocket(request)) acceptTunnel(request, socket, head, forward)
    else acceptSpdy(request, socket, head, forward)
  }
}

/** The SPDY upgrade: the client's protocol versions must include ours. */
function acceptSpdy(req: IncomingMessage, socket: Duplex, head: Buffer, forward: (port: number, data: Duplex) => Promise<void>): void {
  if (acceptSpdyUpgrade(req, socket, head, [portForwardProtocol]) !== undefined) serveSession(socket, forward)
}

/** The WebSocket tunnel: SPDY bytes in binary messages, both ways. */
function acceptTunnel(req: IncomingMessage, socket: Duplex, head: Buffer, forward: (port: number, data: Duplex) => Promise<void>): void {
  req.headers['sec-websocket-protocol'] = tunnelToken
  tunnels.handleUpgrade(req, socket, head, (ws) => {
    const bytes = createWebSocketStream(ws)
    bytes.on('error', () => bytes.destroy())
    serveSession(bytes, forward)
  })
}

function serveSession(bytes: Duplex, forward: (port: number, data: Duplex) => Promise<void>): void {
  const streams = new PortForwardStreams(forward, `0xc000${(0x100000 + ++sessions * 0x120).toString(16)}`)
  const session = new SpdyServerSession(bytes, (s) => streams.add(s))
  session.onClose(() => streams.close())
}
