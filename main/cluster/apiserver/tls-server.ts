import { createServer, type Server } from 'node:https'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Duplex } from 'node:stream'
import type { Pki } from './pki'
import { createAuthenticator, rejectUpgradeUnauthorized, writeUnauthorized, type User } from './authn'

/**
 * The API's HTTPS listener: serves with the cluster's serving certificate,
 * asks for (but does not require) client certificates, and authenticates
 * every request and upgrade before the API front sees it.
 */

/** Handles one authenticated request. A rejected promise answers 500 if nothing was sent yet. */
export type RequestHandler = (req: IncomingMessage, res: ServerResponse, user: User) => void | Promise<void>

/** Takes over one authenticated upgrade (exec, attach, port-forward); the socket is the handler's from then on. */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer, user: User) => void

/** What startTlsServer needs. */
export interface TlsServerOptions {
  pki: Pki
  /** 0 picks any free port. */
  port: number
  /** Loopback only: the cluster is a study tool on one desktop, never exposed to the network. */
  host?: '127.0.0.1'
  handler: RequestHandler
  onUpgrade?: UpgradeHandler
}

/** A listening API server. */
export interface TlsServer {
  /** `https://127.0.0.1:<port>`. */
  url: string
  port: number
  /** Stops listening and ends every connection now, keep-alive, watch and upgraded alike. */
  close(): Promise<void>
}

/**
 * Starts the HTTPS server. HTTP/1.1 only: Go clients (kubectl) fall back to
 * it when the server offers no h2 over ALPN, and every Kubernetes client
 * speaks it, whereas h2 would need a second request path (node:http2) and
 * WebSocket upgrades do not exist on h2 at all.
 */
export async function startTlsServer(options: TlsServerOptions): Promise<TlsServer> {
  const host = options.host ?? '127.0.0.1'
  if (host !== '127.0.0.1') throw new Error(`the API server binds 127.0.0.1 only, not ${String(host)}`)
  const { pki, handler, onUpgrade } = options
  const authenticate = createAuthenticator({ token: pki.token })

  const server = createServer({
    key: pki.apiserverKey,
    cert: pki.apiserverCert,
    // Asked for, verified against the cluster CA, but not required: token and anonymous
    // clients must still reach us to get a proper 401 Status instead of a TLS alert.
    ca: pki.caCert,
    requestCert: true,
    rejectUnauthorized: false,
    ALPNProtocols: ['http/1.1'],
    minVersion: 'TLSv1.2'
  })

  // As kube-apiserver's secure serving: idle keep-alive connections live 90 s (Node's default, 5 s,
  // closes them under clients that reuse pooled connections, which then see resets).
  server.keepAliveTimeout = 90_000

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const user = authenticate(req)
    if (!user) {
      writeUnauthorized(res)
      return
    }
    let result: void | Promise<void>
    try {
      result = handler(req, res, user)
    } catch (e) {
      failed(res, e)
      return
    }
    if (result instanceof Promise) result.catch((e: unknown) => failed(res, e))
  })

  // Without an 'upgrade' listener Node hands upgrade requests to 'request', where the handler can refuse them.
  if (onUpgrade) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const user = authenticate(req)
      if (!user) rejectUpgradeUnauthorized(socket)
      else onUpgrade(req, socket, head, user)
    })
  }

  // Tracked ourselves: closeAllConnections() does not reach upgraded sockets, and a watch is never idle.
  // Both layers: the TCP socket (handshakes in progress) and the TLS socket on top of it.
  const sockets = new Set<Socket>()
  const track = (socket: Socket): void => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  }
  server.on('connection', track)
  server.on('secureConnection', track)

  await listen(server, options.port, host)
  const port = (server.address() as AddressInfo).port
  let closing: Promise<void> | undefined
  return {
    url: `https://${host}:${port}`,
    port,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const socket of sockets) socket.destroy()
      })
      return closing
    }
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

/** A handler bug becomes a 500 InternalError Status if the response has not started, else a cut connection. */
function failed(res: ServerResponse, e: unknown): void {
  if (res.headersSent) {
    res.destroy()
    return
  }
  const body = JSON.stringify({
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${e instanceof Error ? e.message : String(e)}`,
    reason: 'InternalError',
    code: 500
  })
  res.writeHead(500, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) })
  res.end(body)
}
