import { spawn, type ChildProcess } from 'node:child_process'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, kubectlPath, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * kubernetes.io's "Learn Kubernetes Basics" and minikube's hello-node /
 * hello-minikube tutorials, step by step with real kubectl 1.32: the apps
 * answer through `kubectl proxy` (pods/proxy, services/proxy), through
 * Services from inside the cluster, and their logs show the requests.
 */
describe.skipIf(!hasKubectl)('kubectl: the Learn Kubernetes Basics tutorial', () => {
  let k: KubectlHarness
  let proxy: ChildProcess | undefined
  let base = ''
  const pods = () => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
  const readyPods = async (app: string, n: number) => {
    const list = (await pods().list('default', { labelSelector: `app=${app}` })).items.filter((p) => !p.metadata?.deletionTimestamp)
    return list.length === n && list.every((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ? list.map((p) => p.metadata!.name!) : undefined
  }
  /** curl against `kubectl proxy`. */
  const get = (path: string, init: RequestInit = {}) => fetch(`${base}${path}`, { redirect: 'manual', ...init })
  let bootcampPod = ''

  beforeAll(async () => {
    k = await startKubectlHarness()
    // kubectl proxy on a free port of 127.0.0.1 (it prints the one it took).
    proxy = spawn(kubectlPath, ['--kubeconfig', k.kubeconfig, 'proxy', '--port=0'], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    proxy.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    const port = await waitFor(() => /Starting to serve on 127\.0\.0\.1:(\d+)/.exec(out)?.[1], 'kubectl proxy serving', 20_000)
    base = `http://127.0.0.1:${port}`
  }, 60_000)
  afterAll(async () => {
    proxy?.kill()
    await k?.stop()
  })

  it('module 2: create the deployment; the pod answers through the API server proxy', async () => {
    const created = await k.run(['create', 'deployment', 'kubernetes-bootcamp', '--image=gcr.io/google-samples/kubernetes-bootcamp:v1'])
    expect(created.stdout).toBe('deployment.apps/kubernetes-bootcamp created\n')
    await waitFor(() => readyPods('kubernetes-bootcamp', 1), 'bootcamp ready', 30_000)
    const names = await k.run(['get', 'pods', '-o', 'go-template', '--template', '{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'])
    bootcampPod = names.stdout.trim()
    expect(bootcampPod).toMatch(/^kubernetes-bootcamp-[a-z0-9]+-[a-z0-9]{5}$/)

    const r = await get(`/api/v1/namespaces/default/pods/${bootcampPod}:8080/proxy/`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toBe('text/plain')
    expect(await r.text()).toBe(`Hello Kubernetes bootcamp! | Running on: ${bootcampPod} | v=1\n`)
  })

  it('module 3: logs show the start-up banner and the request; exec runs in the container', async () => {
    const logs = await k.run(['logs', bootcampPod])
    const lines = logs.stdout.split('\n')
    expect(lines[0]).toMatch(new RegExp(`^Kubernetes Bootcamp App Started At: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z \\| Running On:  ${bootcampPod} $`))
    expect(lines[1]).toBe('')
    expect(lines[2]).toMatch(new RegExp(`^Running On: ${bootcampPod} \\| Total Requests: 1 \\| App Uptime: [\\d.]+ seconds \\| Log Time: \\d{4}-.*Z$`))
    const env = await k.run(['exec', bootcampPod, '--', 'env'])
    expect(env.stdout).toContain(`HOSTNAME=${bootcampPod}\n`)
    const source = await k.run(['exec', bootcampPod, '--', 'bash', '-c', 'cat server.js'])
    expect(source.stdout).toContain('www.listen(8080,function () {\n')
    const local = await k.run(['exec', bootcampPod, '--', 'curl', '-s', 'http://localhost:8080'])
    expect(local.stdout).toBe(`Hello Kubernetes bootcamp! | Running on: ${bootcampPod} | v=1\n`)
    expect((await k.run(['logs', bootcampPod])).stdout).toContain('| Total Requests: 2 |')
  })

  it('the proxy answers as the apiserver does: redirect to proxy/, refused ports, unknown pods', async () => {
    const bare = await get(`/api/v1/namespaces/default/pods/${bootcampPod}:8080/proxy`)
    expect(bare.status).toBe(301)
    expect(bare.headers.get('location')).toBe(`/api/v1/namespaces/default/pods/${bootcampPod}:8080/proxy/`)
    // No port named and none declared: port 80, where nothing listens.
    const refused = await k.run(['get', '--raw', `/api/v1/namespaces/default/pods/${bootcampPod}/proxy/`])
    const ip = (await pods().get('default', bootcampPod)).status!.podIP!
    expect(refused.stderr).toBe(`Error from server (ServiceUnavailable): error trying to reach service: dial tcp ${ip}:80: connect: connection refused\n`)
    const missing = await get('/api/v1/namespaces/default/pods/nope:8080/proxy/')
    expect(missing.status).toBe(404)
    expect(((await missing.json()) as { message: string }).message).toBe('pods "nope" not found')
  })

  it('module 4: expose as a NodePort Service; requests through the Service from inside, and through services/proxy', async () => {
    expect((await k.run(['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080'])).stdout).toBe('service/kubernetes-bootcamp exposed\n')
    const svc = await k.run(['get', 'services', 'kubernetes-bootcamp'])
    expect(svc.stdout).toMatch(/kubernetes-bootcamp\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+8080:3\d{4}\/TCP/)
    const inside = await waitFor(async () => {
      const r = await k.run(['exec', bootcampPod, '--', 'curl', '-s', 'http://kubernetes-bootcamp:8080'])
      return r.code === 0 && r.stdout
    }, 'the Service answering', 20_000)
    expect(inside).toBe(`Hello Kubernetes bootcamp! | Running on: ${bootcampPod} | v=1\n`)
    const viaService = await get('/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/')
    expect(await viaService.text()).toBe(`Hello Kubernetes bootcamp! | Running on: ${bootcampPod} | v=1\n`)
  })

  it('module 4: labels select the pod; a deleted Service no longer proxies', async () => {
    expect((await k.run(['label', 'pods', bootcampPod, 'version=v1'])).stdout).toBe(`pod/${bootcampPod} labeled\n`)
    expect((await k.run(['get', 'pods', '-l', 'version=v1', '-o', 'name'])).stdout).toBe(`pod/${bootcampPod}\n`)
    expect((await k.run(['delete', 'service', '-l', 'app=kubernetes-bootcamp'])).stdout).toBe('service "kubernetes-bootcamp" deleted\n')
    const gone = await waitFor(async () => {
      const r = await get('/api/v1/namespaces/default/services/kubernetes-bootcamp/proxy/')
      return r.status === 404 && ((await r.json()) as { message: string }).message
    }, 'services/proxy to answer 404', 20_000)
    expect(gone).toBe('endpoints "kubernetes-bootcamp" not found')
  })

  it('module 5: scale to 4; the Service spreads requests over the replicas', async () => {
    expect((await k.run(['scale', 'deployments/kubernetes-bootcamp', '--replicas=4'])).stdout).toBe('deployment.apps/kubernetes-bootcamp scaled\n')
    const replicas = await waitFor(() => readyPods('kubernetes-bootcamp', 4), '4 ready replicas', 30_000)
    expect((await k.run(['expose', 'deployment/kubernetes-bootcamp', '--type=NodePort', '--port', '8080'])).code).toBe(0)
    const answered = new Set<string>()
    await waitFor(async () => {
      const r = await get('/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/')
      if (r.status === 200) answered.add(/Running on: (\S+)/.exec(await r.text())![1])
      return answered.size > 1
    }, 'answers from more than one replica', 20_000)
    for (const name of answered) expect(replicas).toContain(name)
  })

  it('module 6: a rolling update to v2 answers v=2; undo brings v=1 back', async () => {
    const set = await k.run(['set', 'image', 'deployments/kubernetes-bootcamp', 'kubernetes-bootcamp=docker.io/jocatalin/kubernetes-bootcamp:v2'])
    expect(set.stdout).toBe('deployment.apps/kubernetes-bootcamp image updated\n')
    const rolled = await k.run(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s'])
    expect(rolled.stdout).toContain('deployment "kubernetes-bootcamp" successfully rolled out\n')
    const answer = async () => (await (await get('/api/v1/namespaces/default/services/kubernetes-bootcamp:8080/proxy/')).text()).replace(/.* \| /, '')
    expect(await waitFor(async () => (await answer()) === 'v=2\n', 'v2 answering', 20_000)).toBe(true)
    expect((await k.run(['rollout', 'undo', 'deployments/kubernetes-bootcamp'])).stdout).toBe('deployment.apps/kubernetes-bootcamp rolled back\n')
    expect((await k.run(['rollout', 'status', 'deployments/kubernetes-bootcamp', '--timeout=60s'])).code).toBe(0)
    expect(await waitFor(async () => (await answer()) === 'v=1\n', 'v1 answering again', 20_000)).toBe(true)
  })
})

describe.skipIf(!hasKubectl)('kubectl: minikube hello-node (agnhost netexec) and hello-minikube (echo-server)', () => {
  let k: KubectlHarness
  const pods = () => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
  const runningPod = async (app: string) => {
    const p = (await pods().list('default', { labelSelector: `app=${app}` })).items.find((x) => x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    return p?.metadata?.name
  }

  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('hello-node: agnhost netexec listens on 8080, answers through its LoadBalancer Service, logs the requests', async () => {
    const created = await k.run(['create', 'deployment', 'hello-node', '--image=registry.k8s.io/e2e-test-images/agnhost:2.39', '--', '/agnhost', 'netexec', '--http-port=8080'])
    expect(created.stdout).toBe('deployment.apps/hello-node created\n')
    const pod = await waitFor(() => runningPod('hello-node'), 'hello-node ready', 30_000)
    const started = await k.run(['logs', pod])
    // agnhost logs through klog: `I0911 09:19:26.677397       1 log.go:195] ...`, as the hello-minikube tutorial shows.
    expect(started.stdout).toMatch(/^I\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started HTTP server on port 8080\nI\d{4} \d\d:\d\d:\d\d\.\d{6} {7}1 log\.go:195\] Started UDP server on port {2}8081\n$/)
    expect((await k.run(['expose', 'deployment', 'hello-node', '--type=LoadBalancer', '--port=8080'])).stdout).toBe('service/hello-node exposed\n')
    const hostname = await waitFor(async () => {
      const r = await k.run(['exec', pod, '--', 'wget', '-qO-', 'http://hello-node:8080/hostname'])
      return r.code === 0 && r.stdout
    }, 'hello-node Service answering', 20_000)
    expect(hostname).toBe(pod)
    const echo = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/hello-node:8080/proxy/echo?msg=hello'])
    expect(echo.stdout).toBe('hello')
    const now = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/hello-node/proxy/'])
    expect(now.stdout).toMatch(/^NOW: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)? \+0000 UTC m=\+\d+\.\d{9}$/)
    const logs = (await k.run(['logs', pod])).stdout
    expect(logs).toMatch(/ log\.go:195\] GET \/hostname\n/)
    expect(logs).toMatch(/ log\.go:195\] GET \/echo\?msg=hello&code=\n/)
  })

  it('a Service with no ready endpoints: 503, as the apiserver words it', async () => {
    expect((await k.run(['scale', 'deployment', 'hello-node', '--replicas=0'])).code).toBe(0)
    const err = await waitFor(async () => {
      const r = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/hello-node:8080/proxy/'])
      return r.stderr.includes('no endpoints') && r.stderr
    }, 'no endpoints', 20_000)
    expect(err).toBe('Error from server (ServiceUnavailable): no endpoints available for service "hello-node"\n')
  })

  it('hello-minikube: echo-server echoes the proxied request', async () => {
    expect((await k.run(['create', 'deployment', 'hello-minikube', '--image=kicbase/echo-server:1.0'])).code).toBe(0)
    const pod = await waitFor(() => runningPod('hello-minikube'), 'hello-minikube ready', 30_000)
    expect((await k.run(['logs', pod])).stdout).toBe('Echo server listening on port 8080.\n')
    expect((await k.run(['expose', 'deployment', 'hello-minikube', '--type=NodePort', '--port=8080'])).code).toBe(0)
    const r = await k.run(['get', '--raw', `/api/v1/namespaces/default/pods/${pod}:8080/proxy/hello?x=1`])
    expect(r.stdout).toMatch(new RegExp(`^Request served by ${pod}\\n\\nHTTP/1\\.1 GET /hello\\?x=1\\n\\nHost: 127\\.0\\.0\\.1:\\d+\\n`))
    expect(r.stdout).toMatch(/^User-Agent: kubectl\/v1\.32\.\d+ .*$/m)
    expect(r.stdout).toMatch(new RegExp(`^X-Forwarded-Uri: /api/v1/namespaces/default/pods/${pod}:8080/proxy/hello$`, 'm'))
    expect((await k.run(['logs', pod])).stdout).toMatch(/^\d+\.\d+\.\d+\.\d+:\d+ \| GET \/hello\?x=1$/m)
  })
})
