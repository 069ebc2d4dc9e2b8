import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'

/**
 * The SPDY upgrade both streaming protocols start with (apimachinery's
 * httpstream.Handshake and spdy.NewResponseUpgrader): the client offers its
 * protocol versions in `X-Stream-Protocol-Version` headers, the server picks
 * the first of its own the client offered and answers 101 with
 * `Upgrade: SPDY/3.1`. An offer with nothing in common is refused with 403
 * and the handshake's message; a client that offers nothing (the oldest
 * ones) gets the upgrade without a version.
 */

/** The values of a header that may be sent several times (Node joins them with ", "). */
export function offered(req: IncomingMessage, header: string): string[] {
  return String(req.headers[header] ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
}

/** Whether the request asks for a WebSocket (rather than SPDY). */
export const isWebSocket = (req: IncomingMessage): boolean => String(req.headers.upgrade ?? '').toLowerCase() === 'websocket'

/** Go's %v of a []string. */
export const goList = (items: string[]): string => `[${items.join(' ')}]`

/**
 * Upgrades the socket to SPDY with the first of `served` the client offered:
 * returns that version ('' when the client offered none), or undefined when
 * the upgrade was refused (the socket is answered and closed).
 */
export function acceptSpdyUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer, served: readonly string[]): string | undefined {
  const versions = offered(req, 'x-stream-protocol-version')
  const version = versions.length ? served.find((v) => versions.includes(v)) : ''
  if (version === undefined) {
    refuseText(socket, 403, 'Forbidden', `unable to upgrade: unable to negotiate protocol: client supports ${goList(versions)}, server accepts ${goList([...served])}`)
    return undefined
  }
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\n' +
      'Connection: Upgrade\r\n' +
      'Upgrade: SPDY/3.1\r\n' +
      (version ? `X-Stream-Protocol-Version: ${version}\r\n` : '') +
      '\r\n'
  )
  if (head.length) socket.unshift(head)
  return version
}

/** Answers with a plain-text body and no upgrade, as the kubelet's errors reach the client. */
export function refuseText(socket: Duplex, code: number, reason: string, text: string): void {
  socket.end(
    `HTTP/1.1 ${code} ${reason}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      'X-Content-Type-Options: nosniff\r\n' +
      `Content-Length: ${Buffer.byteLength(text)}\r\n` +
      'Connection: close\r\n\r\n' +
      text
  )
}
