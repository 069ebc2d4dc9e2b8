/**
 * API benchmark: requests/s and p50/p99 latency of get, list (1,000 pods),
 * create and patch at 1, 50 and 200 concurrent HTTPS clients, next to a bare
 * Node HTTPS server answering a fixed small JSON in the same run (the
 * ceiling: same TLS setup, no work). The clients run in a child process
 * (api-load-child.ts) so their work does not share the server's event loop.
 * Then `kubectl get pods -A` with 10,000 pods, wall time of the real binary.
 *
 * The cluster runs the API alone (no controllers, manual clock): this
 * measures the request path (authentication, routing, registry, storage,
 * encoding), not the controllers' reactions.
 */
import { createServer } from 'node:https'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AddressInfo } from 'node:net'
import type { Pod } from 'kubernetes-types/core/v1'
import { Cluster } from '../../main/cluster/cluster'
import { hasKubectl, runKubectl } from '../kubectl/support/kubectl'
import type { BenchLine } from './bench-line'
import { startLoadChild, type LoadJob, type LoadResult } from './api-load-child-process'

const concurrencies = [1, 50, 200]
const durationMs = Number(process.env.API_BENCH_MS ?? 3_000)
const listPods = 1_000
const kubectlPods = 10_000

type Job = Omit<LoadJob, 'url' | 'ca' | 'cert' | 'key' | 'durationMs'>

function pod(name: string, namespace: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'bench', tier: 'web' } },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: { requests: { cpu: '100m', memory: '64Mi' } } }]
    }
  }
}

export async function runApiBench(emit: (line: BenchLine) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-api-bench-'))
  const cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [], apiPort: 0 })
  const server = cluster.apiServer!
  const { pki } = server
  const bare = createServer({ key: pki.apiserverKey, cert: pki.apiserverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    res.end('{"kind":"Status","apiVersion":"v1","status":"Success"}')
  })
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve))
  const bareUrl = `https://127.0.0.1:${(bare.address() as AddressInfo).port}`
  const child = startLoadChild()
  const tls = { ca: pki.caCert, cert: pki.adminCert, key: pki.adminKey }
  try {
    const pods = cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
    const namespaces = cluster.client.resource({ group: '', version: 'v1', resource: 'namespaces' })
    for (const name of ['bench', 'bench-list', 'bench-write']) await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })
    await pods.create(pod('target', 'bench'))
    await Promise.all(Array.from({ length: listPods }, (_, i) => pods.create(pod(`p-${i}`, 'bench-list'))))
    await Promise.all(Array.from({ length: 200 }, (_, i) => pods.create(pod(`patch-${i}`, 'bench-write'))))

    const run = (url: string, job: Job): Promise<LoadResult> => child.run({ ...job, url, durationMs, ...tls })
    const newPod = JSON.stringify(pod('c-{n}', 'bench-write'))
    const ops: Array<{ op: string; job: (c: number) => Job }> = [
      { op: 'get', job: (c) => ({ method: 'GET', path: '/api/v1/namespaces/bench/pods/target', concurrency: c }) },
      { op: 'list-1000', job: (c) => ({ method: 'GET', path: '/api/v1/namespaces/bench-list/pods', concurrency: c }) },
      { op: 'create', job: (c) => ({ method: 'POST', path: '/api/v1/namespaces/bench-write/pods', body: newPod, concurrency: c }) },
      {
        op: 'patch',
        job: (c) => ({
          method: 'PATCH',
          // {n} spreads the patches over 200 pods, so concurrent patches rarely touch one object.
          path: '/api/v1/namespaces/bench-write/pods/patch-{n}',
          body: '{"metadata":{"labels":{"rev":"r{n}"}}}',
          contentType: 'application/merge-patch+json',
          concurrency: c,
          cycle: 200
        })
      }
    ]
    for (const c of concurrencies) {
      const ceiling = await run(bareUrl, { method: 'GET', path: '/', concurrency: c })
      const ceilingRps = ceiling.requests / ceiling.seconds
      emit(figure(`api bare-https c=${c} requests/s`, ceilingRps, 'requests/s', null, 'the ceiling: a bare Node HTTPS server, fixed small JSON', true))
      for (const { op, job } of ops) {
        const spec = job(c)
        const r = await run(server.url, spec)
        if (r.errors) throw new Error(`api bench ${op} c=${c}: ${r.errors} failed requests (first HTTP ${r.firstError})`)
        const rps = r.requests / r.seconds
        const isWrite = op === 'create' || op === 'patch'
        const rpsTarget = op === 'get' && c === 50 ? '>= 0.5x the bare server at 50 clients' : isWrite && c === 50 ? '>= 2,000/s at 50 clients' : 'reported'
        const rpsMet = op === 'get' && c === 50 ? rps >= 0.5 * ceilingRps : isWrite && c === 50 ? rps >= 2_000 : true
        emit(figure(`api ${op} c=${c} requests/s`, rps, 'requests/s', ceilingRps, rpsTarget, rpsMet))
        emit(figure(`api ${op} c=${c} p50`, r.p50, 'ms', null, 'reported', true))
        const p99Target = op === 'get' && c === 50 ? '<= 10 ms at 50 clients' : isWrite && c === 50 ? '<= 50 ms at 50 clients' : 'reported'
        const p99Met = op === 'get' && c === 50 ? r.p99 <= 10 : isWrite && c === 50 ? r.p99 <= 50 : true
        emit(figure(`api ${op} c=${c} p99`, r.p99, 'ms', null, p99Target, p99Met))
      }
    }
  } finally {
    child.stop()
    bare.close()
    await cluster.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  if (hasKubectl) await kubectlGetAll(emit)
}

/** `kubectl get pods -A` against exactly 10,000 pods (a fresh cluster): wall time of the real binary, discovery cache warm. */
async function kubectlGetAll(emit: (line: BenchLine) => void): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-kubectl-bench-'))
  const cluster = await Cluster.start({ dataDir: dir, clock: 'manual', components: [], apiPort: 0 })
  try {
    await kubectlGetAllOn(cluster, emit, dir)
  } finally {
    await cluster.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function kubectlGetAllOn(cluster: Cluster, emit: (line: BenchLine) => void, dir: string): Promise<void> {
  const pods = cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
  const namespaces = cluster.client.resource({ group: '', version: 'v1', resource: 'namespaces' })
  const spread = 10
  for (let n = 0; n < spread; n++) await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: `team-${n}` } })
  const batch = 500
  for (let i = 0; i < kubectlPods; i += batch) {
    await Promise.all(
      Array.from({ length: Math.min(batch, kubectlPods - i) }, (_, k) => {
        const j = i + k
        return pods.create(pod(`web-${j}`, `team-${j % spread}`, `worker-${j % 100}`))
      })
    )
  }
  const base = ['--kubeconfig', cluster.apiServer!.kubeconfigPath!, '--cache-dir', join(dir, 'kubectl-cache'), 'get', 'pods', '-A']
  await runKubectl(base, undefined, 60_000) // fills the discovery cache
  const wall = async (args: string[]): Promise<number> => {
    const times: number[] = []
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      const r = await runKubectl(args, undefined, 60_000)
      times.push(performance.now() - t)
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`)
      const rows = r.stdout.trim().split('\n').length - 1
      if (rows < kubectlPods) throw new Error(`kubectl get pods -A printed ${rows} rows, expected at least ${kubectlPods}`)
    }
    return times.sort((a, b) => a - b)[1] / 1000
  }
  // kubectl lists in chunks of 500 (20 requests here) and its REST client allows 5 requests/s after
  // a burst of 10, so the default command cannot finish in under ~2 s against any server, real or not.
  const chunked = await wall(base)
  emit(figure(`kubectl get pods -A, ${kubectlPods} pods (median of 3, wall)`, chunked, 's', null, '<= 1.5 s (kubectl throttles itself to 5 requests/s after 10: 20 chunks take >= 2 s)', chunked <= 1.5))
  const whole = await wall([...base, '--chunk-size=0'])
  emit(figure(`kubectl get pods -A --chunk-size=0, ${kubectlPods} pods (median of 3, wall)`, whole, 's', null, '<= 1.5 s', whole <= 1.5))
}

function figure(name: string, value: number, unit: string, baseline: number | null, target: string, met: boolean): BenchLine {
  const round = (x: number): number => Math.round(x * 100) / 100
  return {
    figure: name,
    value: round(value),
    unit,
    baseline: baseline === null ? null : round(baseline),
    ratio: baseline === null ? null : round(unit === 'ms' || unit === 's' ? baseline / value : value / baseline),
    target,
    met
  }
}
