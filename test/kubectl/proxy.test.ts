import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const manifests = `
apiVersion: v1
kind: Pod
metadata: { name: web, labels: { app: web } }
spec:
  containers:
  - { name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: echo, labels: { app: echo } }
spec:
  containers:
  - { name: echo, image: "kicbase/echo-server:1.0" }
---
apiVersion: v1
kind: Pod
metadata: { name: stuck }
spec:
  nodeSelector: { disk: nowhere }
  containers:
  - { name: c, image: "nginx:1.27" }
---
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports: [{ name: http, port: 8000, targetPort: 80 }]
`

/** pods/proxy and services/proxy through `kubectl get --raw` and `kubectl create --raw`: methods, bodies and the apiserver's errors. */
describe.skipIf(!hasKubectl)('kubectl: the apiserver proxy to pods and Services', () => {
  let k: KubectlHarness
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)
  const ready = async (name: string) => (await pod(name)).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    for (const name of ['web', 'echo']) await waitFor(() => ready(name), `${name} ready`, 30_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('a pod without a port named goes to its first declared port; nginx writes the access log line', async () => {
    const page = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/proxy/'])
    expect(page.stdout).toContain('<title>Welcome to nginx!</title>')
    const missing = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/proxy/nothing-here'])
    expect(missing.stderr).toBe('Error from server (NotFound): the server could not find the requested resource\n')
    const log = (await k.run(['logs', 'web'])).stdout
    expect(log).toMatch(/^\d+\.\d+\.\d+\.\d+ - - \[[^\]]+\] "GET \/ HTTP\/1\.1" 200 \d+ "-" "kubectl\/v1\.32[^"]*" "127\.0\.0\.1"$/m)
    expect(log).toMatch(/"GET \/nothing-here HTTP\/1\.1" 404 /)
  })

  it('POST with a body reaches the server as sent', async () => {
    const r = await k.run(['create', '--raw', '/api/v1/namespaces/default/pods/echo:8080/proxy/submit?a=b', '-f', '-'], '{"hello":"world"}')
    expect(r.stdout).toContain('HTTP/1.1 POST /submit?a=b\n')
    expect(r.stdout.endsWith('\n{"hello":"world"}')).toBe(true)
  })

  it('services/proxy by port name or number; an unknown port number is 503', async () => {
    await waitFor(async () => (await k.run(['get', '--raw', '/api/v1/namespaces/default/services/web:http/proxy/'])).code === 0, 'web endpoints', 20_000)
    expect((await k.run(['get', '--raw', '/api/v1/namespaces/default/services/web:8000/proxy/'])).stdout).toContain('Welcome to nginx!')
    const noPort = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/web:9999/proxy/'])
    expect(noPort.stderr).toBe('Error from server (ServiceUnavailable): no service port 9999 found for service "web"\n')
    // No port named: the Service's unnamed port, which it has none of.
    const unnamed = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/web/proxy/'])
    expect(unnamed.stderr).toBe('Error from server (ServiceUnavailable): no endpoints available for service "web"\n')
  })

  it('errors as the apiserver gives them: no pod IP, https to a plain server, malformed ids', async () => {
    const stuck = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/stuck/proxy/'])
    expect(stuck.stderr).toBe('Error from server (BadRequest): address not allowed\n')
    const ip = (await pod('web')).status!.podIP!
    const tls = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/https:web:80/proxy/'])
    expect(tls.stderr).toBe('Error from server (ServiceUnavailable): error trying to reach service: tls: first record does not look like a TLS handshake\n')
    const refused = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/web:81/proxy/'])
    expect(refused.stderr).toBe(`Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${ip}:81: connect: connection refused\n`)
    const bad = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/a:b:c:d/proxy/'])
    expect(bad.stderr).toBe('Error from server (BadRequest): invalid pod request "a:b:c:d"\n')
  })
})
