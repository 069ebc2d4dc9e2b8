import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { request, Agent } from 'node:https'
import { connect } from 'node:tls'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { IncomingMessage } from 'node:http'
import { loadOrCreatePki, type Pki } from '../../../main/cluster/apiserver/pki'
import { startTlsServer, type TlsServer, type TlsServerOptions } from '../../../main/cluster/apiserver/tls-server'
import { writeKubeconfig } from '../../../main/cluster/apiserver/kubeconfig'
import type { User } from '../../../main/cluster/apiserver/authn'

const KUBECTL = '/usr/bin/kubectl'
const UNAUTHORIZED = '{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"Unauthorized","reason":"Unauthorized","code":401}'

let pki: Pki
let tmp: string
beforeAll(async () => {
  pki = await loadOrCreatePki({ now: Date.now() })
  tmp = mkdtempSync(join(tmpdir(), 'kubelab-tls-'))
})
afterAll(() => rmSync(tmp, { recursive: true, force: true }))

const servers: TlsServer[] = []
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

async function start(options: Partial<TlsServerOptions> = {}): Promise<TlsServer> {
  const server = await startTlsServer({ pki, port: 0, handler: (_req, res) => void res.end('ok'), ...options })
  servers.push(server)
  return server
}

interface Reply {
  status: number
  body: string
}

function get(server: TlsServer, path: string, options: { agent?: Agent; auth?: boolean } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const auth = options.auth === false ? {} : { cert: pki.adminCert, key: pki.adminKey }
    const req = request(`${server.url}${path}`, { ca: pki.caCert, agent: options.agent ?? false, ...(options.agent ? {} : auth) }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

describe('startTlsServer', () => {
  it('listens on 127.0.0.1 only, on a free port, and says where', async () => {
    const server = await start()
    expect(server.port).toBeGreaterThan(0)
    expect(server.url).toBe(`https://127.0.0.1:${server.port}`)
    expect((await get(server, '/')).body).toBe('ok')
  })

  it('refuses any other address', async () => {
    const options = { pki, port: 0, host: '0.0.0.0', handler: () => {} } as unknown as TlsServerOptions
    await expect(startTlsServer(options)).rejects.toThrow(/127\.0\.0\.1 only/)
  })

  it('fails to start on a port in use', async () => {
    const first = await start()
    await expect(startTlsServer({ pki, port: first.port, handler: () => {} })).rejects.toThrow(/EADDRINUSE/)
  })

  it('presents the serving certificate, valid for localhost and kubernetes.default.svc, and speaks HTTP/1.1 even when h2 is offered', async () => {
    const server = await start()
    for (const servername of ['localhost', 'kubernetes.default.svc']) {
      const socket = connect({ host: '127.0.0.1', port: server.port, servername, ca: pki.caCert, ALPNProtocols: ['h2', 'http/1.1'] })
      await new Promise<void>((resolve, reject) => {
        socket.once('secureConnect', resolve)
        socket.once('error', reject)
      })
      expect(socket.authorized).toBe(true)
      expect(socket.alpnProtocol).toBe('http/1.1')
      expect(socket.getPeerCertificate().subject.CN).toBe('kube-apiserver')
      socket.destroy()
    }
  })

  it('authenticates before the handler: 401 Status without credentials', async () => {
    let called = false
    const server = await start({ handler: (_req, res) => {
        called = true
        res.end()
      } })
    const reply = await get(server, '/api/v1/pods', { auth: false })
    expect(reply).toEqual({ status: 401, body: UNAUTHORIZED })
    expect(called).toBe(false)
  })

  it('turns a failing handler into a 500 InternalError Status', async () => {
    const server = await start({
      handler: async (req) => {
        if (req.url === '/async') await Promise.reject(new Error('boom'))
        throw new Error('bang')
      }
    })
    for (const [path, message] of [['/sync', 'bang'], ['/async', 'boom']]) {
      const reply = await get(server, path)
      expect(reply.status).toBe(500)
      expect(JSON.parse(reply.body)).toMatchObject({ kind: 'Status', reason: 'InternalError', code: 500, message: `Internal error occurred: ${message}` })
    }
  })

  it('authenticates upgrades: 401 without credentials, the upgrade handler with them', async () => {
    const upgrades: User[] = []
    const server = await start({
      onUpgrade: (_req, socket, _head, user) => {
        upgrades.push(user)
        socket.end('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test\r\nConnection: Upgrade\r\n\r\n')
      }
    })
    const upgrade = (auth: boolean) =>
      new Promise<{ status: number; body?: string }>((resolve, reject) => {
        const req = request(`${server.url}/api/v1/namespaces/default/pods/p/exec`, {
          ca: pki.caCert,
          agent: false,
          headers: { Connection: 'Upgrade', Upgrade: 'websocket' },
          ...(auth ? { cert: pki.adminCert, key: pki.adminKey } : {})
        })
        req.on('upgrade', (res: IncomingMessage, socket) => {
          socket.destroy()
          resolve({ status: res.statusCode ?? 0 })
        })
        req.on('response', (res: IncomingMessage) => {
          let body = ''
          res.on('data', (c: Buffer) => (body += c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        })
        req.on('error', reject)
        req.end()
      })
    expect(await upgrade(false)).toEqual({ status: 401, body: UNAUTHORIZED })
    expect(upgrades).toEqual([])
    expect(await upgrade(true)).toEqual({ status: 101 })
    expect(upgrades).toEqual([{ name: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'] }])
  })

  it('close() ends keep-alive connections and open watches promptly', async () => {
    let watchClosed = false
    const server = await startTlsServer({
      pki,
      port: 0,
      handler: (req, res) => {
        if (req.url?.includes('watch=true')) {
          // A watch: headers and one event, then the stream stays open.
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.write('{"type":"ADDED","object":{}}\n')
          res.on('close', () => (watchClosed = true))
          return
        }
        res.end('ok')
      }
    })
    const agent = new Agent({ keepAlive: true, ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey })
    expect((await get(server, '/api', { agent })).body).toBe('ok') // leaves an idle keep-alive connection

    const watch = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = request(`${server.url}/api/v1/pods?watch=true`, { agent }, (res) => res.once('data', () => resolve(res)))
      req.on('error', reject)
      req.end()
    })
    const watchEnded = new Promise<void>((resolve) => {
      watch.on('close', resolve)
      watch.on('error', () => resolve())
    })

    // Without ending them, the idle connection would hold close() for the keep-alive timeout (5 s) and the watch forever.
    const t0 = performance.now()
    await server.close()
    await watchEnded
    expect(performance.now() - t0).toBeLessThan(1000)
    expect(watchClosed).toBe(true)
    await server.close() // idempotent
    agent.destroy()
  })
})

describe('kubectl end to end', () => {
  const hasKubectl = existsSync(KUBECTL)
  if (!hasKubectl) console.warn(`Skipping the kubectl end-to-end test: it needs kubectl 1.32 at ${KUBECTL}, which is missing.`)
  it.skipIf(!hasKubectl)(`kubectl version -o json reads the server version through the written kubeconfig (needs ${KUBECTL})`, async () => {
    const requests: string[] = []
    const server = await start({
      handler: (req, res, user) => {
        requests.push(`${req.method} ${req.url} ${user.name} HTTP/${req.httpVersion}`)
        if (req.url?.split('?')[0] === '/version') {
          res.writeHead(200, { 'Content-Type': 'application/json' })
          res.end(
            JSON.stringify({
              major: '1',
              minor: '32',
              gitVersion: 'v1.32.4-kubelab',
              gitCommit: '0000000000000000000000000000000000000000',
              gitTreeState: 'clean',
              buildDate: '2026-01-01T00:00:00Z',
              goVersion: 'go1.23.8',
              compiler: 'gc',
              platform: 'linux/amd64'
            })
          )
          return
        }
        res.writeHead(404, { 'Content-Type': 'application/json' })
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'NotFound', code: 404 }))
      }
    })
    const kubeconfig = writeKubeconfig(tmp, { clusterName: 'kubelab', port: server.port, pki })
    // Async on purpose: the server runs in this process and must keep serving while kubectl waits.
    const run = promisify(execFile)(KUBECTL, ['--kubeconfig', kubeconfig, '--cache-dir', join(tmp, 'cache'), 'version', '-o', 'json'], {
      env: { ...process.env, HOME: tmp, KUBECONFIG: '' },
      timeout: 20_000
    })
    // kubectl prompts for a user name when it has no credentials; EOF makes that an error instead of a hang.
    run.child.stdin?.end()
    const { stdout } = await run
    const version = JSON.parse(stdout) as { serverVersion?: { minor: string; gitVersion: string } }
    expect(version.serverVersion?.minor).toBe('32')
    expect(version.serverVersion?.gitVersion).toBe('v1.32.4-kubelab')
    // Authenticated by the admin client certificate, over HTTP/1.1.
    expect(requests).toContain('GET /version?timeout=32s kubelab-admin HTTP/1.1')
  })
})
