import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { request } from 'node:https'
import type { IncomingHttpHeaders } from 'node:http'
import { loadOrCreatePki, type Pki } from '../../../main/cluster/apiserver/pki'
import { startTlsServer, type TlsServer } from '../../../main/cluster/apiserver/tls-server'
import { UNAUTHORIZED_BODY, type User } from '../../../main/cluster/apiserver/authn'

const UNAUTHORIZED = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}'

let pki: Pki
let otherPki: Pki
let server: TlsServer
/** What the handler saw for the last request that reached it. */
let seen: { user: User; authorization: string | undefined } | undefined

beforeAll(async () => {
  ;[pki, otherPki] = await Promise.all([loadOrCreatePki({ now: Date.now() }), loadOrCreatePki({ now: Date.now() })])
  server = await startTlsServer({
    pki,
    port: 0,
    handler: (req, res, user) => {
      seen = { user, authorization: req.headers.authorization }
      res.writeHead(200, { 'Content-Type': 'application/json' })
      res.end(JSON.stringify(user))
    }
  })
})
afterAll(() => server.close())

interface Reply {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** One request on a fresh connection, trusting the cluster CA. */
function get(options: { cert?: string; key?: string; headers?: Record<string, string> } = {}): Promise<Reply> {
  seen = undefined
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/api`,
      { ca: pki.caCert, cert: options.cert, key: options.key, headers: options.headers, agent: false },
      (res) => {
        let body = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => (body += chunk))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      }
    )
    req.on('error', reject)
    req.end()
  })
}

const admin: User = { name: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'] }

describe('authentication', () => {
  it('the 401 body is exactly the Kubernetes Unauthorized Status', () => {
    expect(UNAUTHORIZED_BODY).toBe(UNAUTHORIZED)
  })

  it('a client certificate signed by the cluster CA reaches the handler as CN + O', async () => {
    const reply = await get({ cert: pki.adminCert, key: pki.adminKey })
    expect(reply.status).toBe(200)
    expect(seen?.user).toEqual(admin)
  })

  it('the bearer token reaches the handler as the admin, and is not passed on', async () => {
    const reply = await get({ headers: { Authorization: `Bearer ${pki.token}` } })
    expect(reply.status).toBe(200)
    expect(seen).toEqual({ user: admin, authorization: undefined })
  })

  it('the scheme is case-insensitive, as in Kubernetes', async () => {
    expect((await get({ headers: { Authorization: `bearer ${pki.token}` } })).status).toBe(200)
  })

  it('no credentials: exactly the 401 Status, as JSON, and the handler never runs', async () => {
    const reply = await get()
    expect(reply.status).toBe(401)
    expect(reply.headers['content-type']).toBe('application/json')
    expect(reply.body).toBe(UNAUTHORIZED)
    expect(seen).toBeUndefined()
  })

  it('a certificate from a different CA is refused with 401', async () => {
    const reply = await get({ cert: otherPki.adminCert, key: otherPki.adminKey })
    expect(reply.status).toBe(401)
    expect(reply.body).toBe(UNAUTHORIZED)
    expect(seen).toBeUndefined()
  })

  it('a wrong token, another cluster\'s token, or a token under another scheme is refused with 401', async () => {
    for (const authorization of ['Bearer wrong', `Bearer ${otherPki.token}`, `Basic ${pki.token}`, 'Bearer ', `Bearer ${pki.token}x`]) {
      const reply = await get({ headers: { Authorization: authorization } })
      expect(reply.status, authorization).toBe(401)
      expect(reply.body).toBe(UNAUTHORIZED)
    }
  })

  it('a certificate from the cluster CA that is not for clients (the serving certificate) is refused', async () => {
    const reply = await get({ cert: pki.apiserverCert, key: pki.apiserverKey })
    expect(reply.status).toBe(401)
  })

  it('a foreign certificate does not spoil a valid token: either credential suffices', async () => {
    const reply = await get({ cert: otherPki.adminCert, key: otherPki.adminKey, headers: { Authorization: `Bearer ${pki.token}` } })
    expect(reply.status).toBe(200)
    expect(seen?.user).toEqual(admin)
  })
})
