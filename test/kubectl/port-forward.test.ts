import { spawn, type ChildProcess } from 'node:child_process'
import { request } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { connect } from 'node:net'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, kubectlPath, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const manifests = `
apiVersion: v1
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  containers:
  - { name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ port: 8080, targetPort: 80 }]
---
apiVersion: v1
kind: Pod
metadata: { name: cache }
spec:
  containers:
  - { name: redis, image: "redis:7.4", ports: [{ containerPort: 6379 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: echo }
spec:
  containers:
  - { name: echo, image: "kicbase/echo-server:1.0", ports: [{ containerPort: 8080 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: done }
spec:
  restartPolicy: Never
  containers:
  - { name: job, image: busybox:1.36, command: [sh, -c, 'echo finished'] }
---
apiVersion: v1
kind: Pod
metadata: { name: doomed }
spec:
  terminationGracePeriodSeconds: 0
  containers:
  - { name: nginx, image: "nginx:1.27" }
`

/** A running `kubectl port-forward`: the local port it listens on, its output so far, how it ended. */
interface Forward {
  port: number
  stderr(): string
  exited: Promise<number | null>
  child: ChildProcess
}

/** Real kubectl 1.32: port-forward through pods/portforward (its WebSocket tunnel first, SPDY as fallback). */
describe.skipIf(!hasKubectl)('kubectl port-forward', () => {
  let k: KubectlHarness
  const running: Forward[] = []
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)
  const isRunning = async (name: string) => (await pod(name)).status?.containerStatuses?.every((c) => c.state?.running)

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    for (const name of ['web', 'cache', 'echo', 'doomed']) await waitFor(() => isRunning(name), `${name} running`, 20_000)
    await waitFor(async () => (await pod('done')).status?.phase === 'Succeeded', 'done Succeeded', 20_000)
  }, 60_000)
  afterEach(async () => {
    for (const f of running.splice(0)) {
      f.child.kill('SIGTERM')
      await f.exited
    }
  })
  afterAll(async () => {
    await k?.stop()
  })

  /** Starts `kubectl port-forward <target> :<remote>` (kubectl picks the local port) and waits for it to listen. */
  async function forward(target: string, remote: number, options: { podPort?: number; env?: Record<string, string>; verbose?: boolean } = {}): Promise<Forward> {
    const args = ['--kubeconfig', k.kubeconfig, 'port-forward', '--address', '127.0.0.1', target, `:${remote}`, ...(options.verbose ? ['-v=6'] : [])]
    const child = spawn(kubectlPath, args, { env: { ...process.env, KUBECONFIG: '', ...options.env } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    const f: Forward = { port: 0, stderr: () => err, exited, child }
    running.push(f)
    const m = await waitFor(() => /Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)/.exec(out) ?? (child.exitCode !== null ? Promise.reject(new Error(err)) : undefined), `kubectl listening (${err})`, 15_000)
    expect(Number(m[2])).toBe(options.podPort ?? remote)
    f.port = Number(m[1])
    return f
  }

  /** One HTTP GET on a connection of its own. */
  function get(port: number, path = '/'): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
    return new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, agent: false }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('forwards a local port to the nginx pod: its default page, its 404, and an access log line from 127.0.0.1', async () => {
    const f = await forward('pod/web', 80)
    const page = await get(f.port)
    expect(page.status).toBe(200)
    expect(page.headers.server).toMatch(/^nginx/)
    expect(page.body).toContain('<title>Welcome to nginx!</title>')
    const missing = await get(f.port, '/nope')
    expect(missing.status).toBe(404)
    const logs = await k.run(['logs', 'web'])
    expect(logs.stdout).toMatch(/^127\.0\.0\.1 - - \[.*\] "GET \/nope HTTP\/1\.1" 404 /m)
    expect(f.stderr()).toBe('')
  })

  it('is served over the WebSocket tunnel kubectl tries first, and over SPDY when the tunnel is turned off', async () => {
    const tunnel = await forward('pod/web', 80, { verbose: true })
    expect((await get(tunnel.port)).body).toContain('Welcome to nginx!')
    expect(tunnel.stderr()).toContain('negotiated protocol: portforward.k8s.io')
    expect(tunnel.stderr()).toMatch(/GET https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\/web\/portforward 101 Switching Protocols/)
    expect(tunnel.stderr()).not.toContain('POST')
    const spdy = await forward('pod/web', 80, { verbose: true, env: { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' } })
    expect((await get(spdy.port)).body).toContain('Welcome to nginx!')
    expect(spdy.stderr()).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\/web\/portforward 101 Switching Protocols/)
  })

  it('carries more than a SPDY window each way: 300 kB up to the echo server and back, tunnelled and over SPDY', async () => {
    const payload = 'x'.repeat(300_000)
    for (const env of [{}, { KUBECTL_PORT_FORWARD_WEBSOCKETS: 'false' }] as Record<string, string>[]) {
      const f = await forward('pod/echo', 8080, { env })
      const body = await new Promise<string>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: f.port, path: '/upload', method: 'POST', agent: false, headers: { 'Content-Type': 'text/plain' } }, (res) => {
          let text = ''
          res.on('data', (d: Buffer) => (text += d.toString()))
          res.on('end', () => resolve(text))
        })
        req.on('error', reject)
        req.end(payload)
      })
      expect(body).toMatch(/^Request served by echo\n\nHTTP\/1\.1 POST \/upload\n/)
      expect(body.endsWith(`\n${payload}`)).toBe(true)
    }
  })

  it('resolves svc/NAME to a pod and the service port to its targetPort', async () => {
    const f = await forward('svc/web', 8080, { podPort: 80 })
    const page = await get(f.port)
    expect(page.body).toContain('Welcome to nginx!')
  })

  it('serves several connections at once, each on its own pair of streams', async () => {
    const f = await forward('pod/web', 80)
    const pages = await Promise.all(Array.from({ length: 6 }, (_, i) => get(f.port, i % 2 ? '/' : '/index.html')))
    for (const p of pages) expect(p.body).toContain('Welcome to nginx!')
  })

  it('reaches a non-HTTP server: redis answers PING', async () => {
    const f = await forward('pod/cache', 6379)
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = connect(f.port, '127.0.0.1', () => socket.write('PING\r\n'))
      socket.on('data', (d: Buffer) => {
        resolve(d.toString())
        socket.end()
      })
      socket.on('error', reject)
    })
    expect(reply).toBe('+PONG\r\n')
  })

  it('a port nothing listens on: kubectl prints the runtime error from the error stream and loses the connection', async () => {
    const f = await forward('pod/web', 81)
    await get(f.port).catch(() => undefined)
    expect(await f.exited).toBe(1)
    expect(f.stderr()).toMatch(
      /an error occurred forwarding \d+ -> 81: error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace \\"\/var\/run\/netns\/cni-[0-9a-f-]{36}\\": failed to connect to localhost:81 inside namespace \\"[0-9a-f]{64}\\", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused IPv6 dial tcp6: address localhost: no suitable address found /
    )
    expect(f.stderr()).toContain('error: lost connection to pod')
  })

  it('a pod deleted under a running port-forward: its sandbox is gone; a deleted pod cannot be forwarded to', async () => {
    const f = await forward('pod/doomed', 80)
    expect((await get(f.port)).body).toContain('Welcome to nginx!')
    const deleted = await k.run(['delete', 'pod', 'doomed', '--wait=true'])
    expect(deleted.code, deleted.stderr).toBe(0)
    await get(f.port).catch(() => undefined)
    expect(await f.exited).toBe(1)
    expect(f.stderr()).toMatch(/an error occurred forwarding \d+ -> 80: error forwarding port 80 to pod ([0-9a-f]{64}), uid : failed to find sandbox \\"\1\\" in store: not found/)
    const again = await k.run(['port-forward', 'pod/doomed', ':80'])
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('Error from server (NotFound): pods "doomed" not found\n')
  })

  /** A SPDY upgrade request as a client library sends it (kubectl checks the pod's phase itself and never sends these). */
  function upgrade(path: string): Promise<{ status: number; type: string; body: string }> {
    const api = k.cluster.apiServer!
    return new Promise((resolve, reject) => {
      const req = httpsRequest({
        host: '127.0.0.1',
        port: api.port,
        path,
        method: 'POST',
        rejectUnauthorized: false,
        headers: { Authorization: `Bearer ${api.pki.token}`, Connection: 'Upgrade', Upgrade: 'SPDY/3.1', 'X-Stream-Protocol-Version': 'portforward.k8s.io' }
      })
      req.on('response', (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body }))
      })
      req.on('upgrade', (res, socket) => {
        socket.destroy()
        resolve({ status: res.statusCode ?? 0, type: '', body: '' })
      })
      req.on('error', reject)
      req.end()
    })
  }

  it('refuses the upgrade as the kubelet does: a pod with nothing running is not found among its running pods; a missing pod is a NotFound Status', async () => {
    const finished = await upgrade('/api/v1/namespaces/default/pods/done/portforward')
    expect(finished).toEqual({ status: 500, type: 'text/plain; charset=utf-8', body: 'pod not found ("done_default")' })
    const missing = await upgrade('/api/v1/namespaces/default/pods/nope/portforward')
    expect(missing.status).toBe(404)
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' })
    const r = await k.run(['port-forward', 'pod/done', ':80'])
    expect(r.stderr).toBe('error: unable to forward port because pod is not running. Current status=Succeeded\n')
  })
})
