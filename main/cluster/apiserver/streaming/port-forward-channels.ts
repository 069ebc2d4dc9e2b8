import { duplexPair, type Duplex } from 'node:stream'
import type { WebSocket } from 'ws'
import { badRequest } from '../../apimachinery/errors'

/**
 * Port forwarding over the channel WebSocket, as the kubelet serves it to
 * client libraries (pkg/kubelet/cri/streaming/portforward/websocket.go;
 * python's kubernetes.stream.portforward): the ports come in the query
 * (`?ports=80,6379`); for the i-th port, channel 2i carries its bytes both
 * ways and channel 2i+1 its errors, and each channel's first message is the
 * port number, two bytes little-endian. Every port is connected once, when
 * the connection opens; the connection closes when all of them are done.
 */

/** The binary channel protocols served: v4, or none offered (the kubelet's "" protocol). */
export const channelForwardProtocols = ['v4.channel.k8s.io']

/** PodPortForwardOptions.ports: every `ports` value, comma-separated lists allowed. */
export function forwardedPorts(query: URLSearchParams): number[] {
  const ports: number[] = []
  for (const value of query.getAll('ports')) {
    for (const part of value.split(',')) {
      if (!/^\d+$/.test(part) || Number(part) > 65535) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(part)}: invalid syntax`)
      ports.push(Number(part))
    }
  }
  return ports
}

/** The kubelet's check of the ports it is given (NewV4Options), as text for a plain 400; undefined when they are fine. */
export function portsProblem(ports: number[]): string | undefined {
  if (!ports.length) return 'query parameter "port" is required'
  const zero = ports.find((p) => p < 1)
  if (zero !== undefined) return `port "${zero}" must be > 0`
  return undefined
}

/** One message: the channel byte, then the data. */
const frame = (channel: number, data: Uint8Array): Buffer => Buffer.concat([Buffer.from([channel]), data])

/** Serves the upgraded connection; `forward` connects one port (port-forward-streams.ts's ForwardPort). */
export function serveChannelPortForward(ws: WebSocket, ports: number[], forward: (port: number, data: Duplex) => Promise<void>): void {
  const ends: Duplex[] = []
  let running = ports.length
  // The close waits until everything before it is on the socket, in TLS records of its own: python's client
  // polls the socket between frames and would not see a close left in its TLS buffer (see ChannelSession.finish).
  let written = Promise.resolve()
  const send = (message: Buffer): void => {
    written = new Promise((resolve) => ws.send(message, () => resolve()))
  }
  ws.on('error', () => ws.terminate())
  ports.forEach((port, i) => {
    const [ours, pods] = duplexPair()
    ends.push(ours)
    const portBytes = Buffer.alloc(2)
    portBytes.writeUInt16LE(port)
    send(frame(2 * i, portBytes))
    send(frame(2 * i + 1, portBytes))
    ours.on('data', (d: Buffer) => send(frame(2 * i, d)))
    ours.on('error', () => ours.destroy())
    forward(port, pods)
      .catch((e: unknown) => send(frame(2 * i + 1, Buffer.from(e instanceof Error ? e.message : String(e)))))
      .finally(() => {
        if (--running === 0) void written.then(() => ws.close(1000))
      })
  })
  ws.on('message', (data: Buffer) => {
    if (!data.length) return
    const channel = data[0]
    // Only data channels are read; what arrives on an error channel is dropped, as the kubelet drops it.
    if (channel % 2 === 0 && channel / 2 < ends.length) ends[channel / 2].write(data.subarray(1))
  })
  ws.on('close', () => {
    for (const end of ends) end.end()
  })
}
