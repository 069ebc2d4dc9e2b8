import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import type { TLSSocket } from 'node:tls'
import { ADMIN_GROUP, ADMIN_USER } from './pki'

/**
 * Authentication as a kubeadm or kind cluster does it: an x509 client
 * certificate signed by the cluster CA (user = CN, groups = O), or a static
 * bearer token: the static admin token, or one a token authenticator added
 * for the cluster accepts (service account tokens). Whoever authenticates is
 * also in `system:authenticated`.
 */

/** An authenticated user, as Kubernetes' user.Info names it. */
export interface User {
  name: string
  groups: string[]
  /** The user's uid, when its authenticator knows one (a service account's). */
  uid?: string
  /** What the authenticator adds about the credential (a service account token's `authentication.kubernetes.io/*`). */
  extra?: Record<string, string[]>
}

/** Returns the request's user, or undefined when it carries no valid credentials. */
export type Authenticator = (req: IncomingMessage) => User | undefined

/** The body of every 401, byte for byte what kube-apiserver sends. */
export const UNAUTHORIZED_BODY = JSON.stringify({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'Unauthorized',
  reason: 'Unauthorized',
  code: 401
})

const AUTHENTICATED = 'system:authenticated'
/** id-kp-clientAuth. */
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2'

/**
 * Makes the authenticator for one cluster. Client certificates are trusted
 * only when the TLS layer verified them (`socket.authorized`), so the server
 * must request certificates with the cluster CA as its only `ca`, as
 * startTlsServer does. `token` authenticates as the admin user.
 */
export function createAuthenticator(options: { token: string }): Authenticator {
  // Compared as digests: equal lengths for timingSafeEqual, and no length leak.
  const tokenDigest = sha256(options.token)
  return (req) => fromClientCertificate(req) ?? fromBearerToken(req, tokenDigest, tokenAuthenticators.get(options.token))
}

/** Authenticates a bearer token that is not the admin token; undefined when it does not. */
export type TokenAuthenticator = (token: string) => User | undefined

/**
 * Further token authenticators, by the admin token of the cluster they serve
 * (its PKI's token: what every authenticator of that cluster is made from).
 */
const tokenAuthenticators = new Map<string, TokenAuthenticator>()

/** Makes the cluster whose admin token is `adminToken` also accept what `authenticate` accepts; returns the undo. */
export function addTokenAuthenticator(adminToken: string, authenticate: TokenAuthenticator): () => void {
  tokenAuthenticators.set(adminToken, authenticate)
  return () => {
    if (tokenAuthenticators.get(adminToken) === authenticate) tokenAuthenticators.delete(adminToken)
  }
}

/** A user per TLS connection: a certificate cannot change within one, and kubectl sends many requests on it. */
const certificateUsers = new WeakMap<TLSSocket, User | null>()

function fromClientCertificate(req: IncomingMessage): User | undefined {
  const socket = req.socket as TLSSocket
  if (typeof socket.getPeerCertificate !== 'function') return undefined // plain HTTP: no certificates
  let user = certificateUsers.get(socket)
  if (user === undefined) {
    user = certificateUser(socket)
    certificateUsers.set(socket, user)
  }
  return user ?? undefined
}

function certificateUser(socket: TLSSocket): User | null {
  if (!socket.authorized) return null
  const cert = socket.getPeerCertificate()
  if (!cert || !cert.subject) return null
  // OpenSSL checks the purpose of client certificates that state one; this also refuses those that state another.
  const eku = (cert as { ext_key_usage?: string[] }).ext_key_usage
  if (eku && !eku.includes(CLIENT_AUTH)) return null
  const name = first(cert.subject.CN)
  // Kubernetes refuses certificates without a common name: there would be no user name.
  if (!name) return null
  return { name, groups: [...all(cert.subject.O), AUTHENTICATED] }
}

function fromBearerToken(req: IncomingMessage, tokenDigest: Buffer, others: TokenAuthenticator | undefined): User | undefined {
  const header = req.headers.authorization
  if (!header) return undefined
  // Parsed as Kubernetes' bearer token authenticator parses it: scheme case-insensitive, one space, anything after a second space ignored.
  const [scheme, token] = header.trim().split(' ', 2)
  if (scheme.toLowerCase() !== 'bearer' || !token) return undefined
  const user = timingSafeEqual(sha256(token), tokenDigest) ? { name: ADMIN_USER, groups: [ADMIN_GROUP, AUTHENTICATED] } : others?.(token)
  if (!user) return undefined
  // Kubernetes removes a used token so that nothing downstream forwards or logs it.
  delete req.headers.authorization
  return user
}

/** Answers 401 with the Kubernetes Unauthorized Status. */
export function writeUnauthorized(res: ServerResponse): void {
  res.writeHead(401, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(UNAUTHORIZED_BODY),
    'Cache-Control': 'no-cache, private'
  })
  res.end(UNAUTHORIZED_BODY)
}

/** Answers an upgrade request (exec, attach, watch over WebSocket) with the same 401, then closes the socket. */
export function rejectUpgradeUnauthorized(socket: Duplex): void {
  socket.on('error', () => {}) // the client may already be gone; there is nothing to tell it
  socket.end(
    'HTTP/1.1 401 Unauthorized\r\n' +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(UNAUTHORIZED_BODY)}\r\n` +
      'Cache-Control: no-cache, private\r\n' +
      'Connection: close\r\n\r\n' +
      UNAUTHORIZED_BODY
  )
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

function first(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v
}

function all(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v]
}
