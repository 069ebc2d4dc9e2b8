/**
 * Whole-cluster benchmarks (issue 4), every component in the loop, one process:
 *
 * - end to end: a Deployment scaled 0 -> 10,000 replicas on 1,000 nodes,
 *   instant clock, data dir on disk (as the app runs: NeDB in its worker
 *   thread), until a watch has seen every pod Running and Ready;
 * - scale held: 1,000 nodes and 100,000 Running pods (data dir on disk), then
 *   60 s of cluster time at 1x with heartbeats: RSS, CPU share, API get p99
 *   (HTTPS, from another process), event-loop delay p99;
 * - pod startup latency: 20 pod creations/s on the 1x clock with the
 *   simulated runtime's delays (pull, sandbox, create, start) at zero, from
 *   the create call to Ready seen through a watch: p99.
 *
 * CLUSTER_BENCH_SCALE (default 1) scales node and pod counts down for quick runs;
 * CLUSTER_BENCH_PHASES (default all: startup,e2e,held) picks some of the three.
 * CLUSTER_BENCH_CPU_PROFILE=<prefix> writes V8 CPU profiles of the measured
 * windows: <prefix>-e2e.cpuprofile (the scale-up only, not the cluster's
 * start) and <prefix>-held.cpuprofile (the steady minute).
 * CLUSTER_BENCH_ALLOCATIONS=1 adds <prefix>-<phase>.heapprofile beside each: a sampling
 * allocation profile that keeps what the GC collected (what the phase allocated, not what it kept).
 * CLUSTER_BENCH_HEAP_SNAPSHOT=<file> writes a V8 heap snapshot of the main
 * thread after the steady minute (what holds the memory; the persistence
 * worker's heap is not in it). CLUSTER_BENCH_MEMORY_DETAIL=1 logs, after
 * the build-up and after the minute, process.memoryUsage() and V8's heap
 * spaces (used of size), the persistence worker's heap (used of size: NeDB's
 * documents) and the store's object and watch-history counts (and, every
 * 5 s of the build-up, pods, Ready pods and the old generation): RSS less both
 * heaps' sizes is code and native memory; size less used is garbage V8 has
 * not collected yet, or free space in pages it keeps.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8'
import { Session } from 'node:inspector/promises'
import type { Node, Pod } from 'kubernetes-types/core/v1'
import type { Deployment } from 'kubernetes-types/apps/v1'
import { Cluster } from '../../main/cluster/cluster'
import { defaultComponents } from '../../main/cluster/components'
import { createNodesComponent, nodesComponent } from '../../main/cluster/node'
import type { ComponentFactory } from '../../main/cluster/component'
import type { KubeObject } from '../../main/cluster/apimachinery/types'
import type { KubeStore } from '../../main/cluster/storage'
import { waitFor } from '../support/wait'
import type { BenchLine } from './bench-line'
import { startLoadChild } from './api-load-child-process'

const scale = Number(process.env.CLUSTER_BENCH_SCALE ?? 1)
const count = (n: number): number => Math.max(1, Math.round(n * scale))

/** 1,000 nodes need more than a /16 of pod addresses (256 podCIDRs of /24). */
const bigNetwork = { podCIDR: '10.128.0.0/9' }

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const deploymentsGVR = { group: 'apps', version: 'v1', resource: 'deployments' }

function isReady(pod: Pod): boolean {
  return pod.status?.phase === 'Running' && !!pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')
}

function deployment(name: string, replicas: number): Deployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m', memory: '16Mi' } } }] }
      }
    }
  }
}

/**
 * Counts Ready pods of one app as a watch reports them. `reach(n)` resolves
 * from the watch callback once n are Ready: the benchmark waits without
 * polling, which would spend the event loop the cluster is measured on.
 */
async function readyCounter(cluster: Cluster, app: string): Promise<{ reach: (n: number, timeoutMs: number) => Promise<void>; ready: () => number; stop: () => void }> {
  const ready = new Set<string>()
  let wanted: { n: number; resolve: () => void } | undefined
  const pods = cluster.client.resource<Pod>(podsGVR)
  const list = await pods.list('default', { labelSelector: `app=${app}` })
  for (const p of list.items) if (isReady(p)) ready.add(p.metadata!.name!)
  const watcher = pods.watch('default', { resourceVersion: list.metadata.resourceVersion, labelSelector: `app=${app}` }, (event) => {
    const pod = event.object as Pod
    if (event.type !== 'DELETED' && isReady(pod)) ready.add(pod.metadata!.name!)
    else ready.delete(pod.metadata!.name!)
    if (wanted && ready.size >= wanted.n) wanted.resolve()
  })
  const reach = (n: number, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (ready.size >= n) return resolve()
      const timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${n} pods Ready (${ready.size} are)`)), timeoutMs)
      wanted = {
        n,
        resolve: () => {
          clearTimeout(timer)
          wanted = undefined
          resolve()
        }
      }
    })
  return { reach, ready: () => ready.size, stop: () => watcher.stop() }
}

async function allNodesReady(cluster: Cluster, nodes: number, timeoutMs: number): Promise<void> {
  const client = cluster.client.resource<KubeObject & { status?: { conditions?: Array<{ type: string; status: string }> } }>({ group: '', version: 'v1', resource: 'nodes' })
  await waitFor(
    async () => (await client.list()).items.filter((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length >= nodes + 1,
    `${nodes} workers and the control plane Ready`,
    timeoutMs
  )
}

/** Profiles the CPU between start and stop into <CLUSTER_BENCH_CPU_PROFILE>-<phase>.cpuprofile when it is set (a no-op otherwise). */
async function cpuProfiler(phase: string): Promise<{ stop: () => Promise<void> }> {
  const prefix = process.env.CLUSTER_BENCH_CPU_PROFILE
  if (!prefix) return { stop: async () => {} }
  const file = `${prefix}-${phase}.cpuprofile`
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  // CLUSTER_BENCH_ALLOCATIONS=1: also <prefix>-<phase>.heapprofile, every allocation sampled (those the GC collected too).
  const allocations = !!process.env.CLUSTER_BENCH_ALLOCATIONS
  if (allocations) {
    await session.post('HeapProfiler.enable')
    await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true })
  }
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(file, JSON.stringify(profile))
      if (allocations) writeFileSync(`${prefix}-${phase}.heapprofile`, JSON.stringify((await session.post('HeapProfiler.stopSampling')).profile))
      session.disconnect()
    }
  }
}

/** Scales a Deployment 0 -> N on many nodes with the instant clock: pods/s until every pod is Ready. */
async function endToEnd(emit: (line: BenchLine) => void): Promise<void> {
  const nodes = count(1_000)
  const replicas = count(10_000)
  // On disk as the app runs it: NeDB in its worker thread, beside the event loop.
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-e2e-bench-'))
  const cluster = await Cluster.start({ dataDir: dir, clock: 'instant', config: { workers: nodes, network: bigNetwork } as never })
  try {
    await allNodesReady(cluster, nodes, 600_000)
    const deployments = cluster.client.resource<Deployment>(deploymentsGVR)
    await deployments.create(deployment('scale', 0))
    const counter = await readyCounter(cluster, 'scale')
    const profiler = await cpuProfiler('e2e')
    const started = performance.now()
    const cpuBefore = process.cpuUsage()
    const current = await deployments.get('default', 'scale')
    await deployments.update({ ...current, spec: { ...current.spec!, replicas } })
    await counter.reach(replicas, 1_800_000)
    const seconds = (performance.now() - started) / 1000
    const cpu = process.cpuUsage(cpuBefore)
    await profiler.stop()
    counter.stop()
    const rate = replicas / seconds
    emit(line(`e2e deployment 0->${replicas} on ${nodes} nodes, pods Running+Ready/s`, rate, 'pods/s', 20, '>= 1,000 pods/s (KWOK states 20/s)', rate >= 1_000))
    // On a shared machine wall time counts other processes too: the CPU this process spent per pod is the steadier figure.
    const cpuMsPerPod = (cpu.user + cpu.system) / 1000 / replicas
    emit(line(`e2e deployment 0->${replicas} on ${nodes} nodes, CPU ms per pod`, cpuMsPerPod, 'ms', null, 'reported (1,000 pods/s needs < 1 ms)', true))
  } finally {
    await cluster.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

const MiB = 2 ** 20

/** CLUSTER_BENCH_MEMORY_DETAIL: RSS, V8's heap spaces (used/size), the store's objects and watch history, the persistence worker's heap. */
function logMemoryDetail(cluster: Cluster, when: string): void {
  const memory = process.memoryUsage()
  const spaces = getHeapSpaceStatistics().map((s) => `${s.space_name} ${Math.round(s.space_used_size / MiB)}/${Math.round(s.space_size / MiB)} MiB`)
  const stats = (cluster.store as Partial<KubeStore>).stats?.()
  const worker = stats?.workerHeap
  const workerLine = worker ? `; persistence worker heap ${Math.round(worker.used / MiB)}/${Math.round(worker.total / MiB)} MiB` : ''
  const storeLine = stats ? `; store ${stats.objects} objects, ${stats.historyEvents} history events` : ''
  process.stderr.write(`[held, ${when}] RSS ${Math.round(memory.rss / MiB)} MiB; memoryUsage ${JSON.stringify(memory)}; heap spaces (used/size): ${spaces.join(', ')}${workerLine}${storeLine}\n`)
}

/**
 * CLUSTER_BENCH_MEMORY_DETAIL: every 5 s of the build-up, the pods stored and
 * Ready, the events stored and the nodes not Ready (a build-up that stalls
 * shows which), and the old generation's used and committed size (committed
 * pages mostly stay: a build-up's peak is what RSS keeps).
 */
function buildUpTimeline(cluster: Cluster, ready: () => number): NodeJS.Timeout {
  const start = performance.now()
  return setInterval(() => {
    const old = getHeapSpaceStatistics().find((s) => s.space_name === 'old_space')
    const seconds = ((performance.now() - start) / 1000).toFixed(0)
    const heap = old ? `old space ${Math.round(old.space_used_size / MiB)}/${Math.round(old.space_size / MiB)} MiB` : ''
    const notReady = cluster.store.list('/registry/nodes/').items.filter((n) => !(n as Node).status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')).length
    const events = cluster.store.count('/registry/events/')
    process.stderr.write(`[held, build-up ${seconds} s] ${cluster.store.count('/registry/pods/')} pods, ${ready()} Ready; ${events} events; ${notReady} nodes not Ready; ${heap}; RSS ${Math.round(process.memoryUsage().rss / MiB)} MiB\n`)
  }, 5_000)
}

/** 1,000 nodes and 100,000 Running pods, then a minute of cluster life at 1x. */
async function scaleHeld(emit: (line: BenchLine) => void): Promise<void> {
  const nodes = count(1_000)
  const replicas = count(100_000)
  const dir = mkdtempSync(join(tmpdir(), 'kubelab-scale-bench-'))
  const cluster = await Cluster.start({ dataDir: dir, clock: 'realtime', apiPort: 0, config: { workers: nodes, network: bigNetwork } as never })
  const child = startLoadChild()
  try {
    await allNodesReady(cluster, nodes, 600_000)
    const deployments = cluster.client.resource<Deployment>(deploymentsGVR)
    const counter = await readyCounter(cluster, 'held')
    await deployments.create(deployment('held', replicas))
    const timeline = process.env.CLUSTER_BENCH_MEMORY_DETAIL ? buildUpTimeline(cluster, counter.ready) : undefined
    await counter.reach(replicas, 3_600_000)
    clearInterval(timeline)
    counter.stop()

    // Picked before the measured minute: a list is not part of the steady state (it held the loop ~200 ms at 30,000 pods).
    const anyPod = (await cluster.client.resource<Pod>(podsGVR).list('default', { limit: 1 })).items[0].metadata!.name!
    const { pki, url } = cluster.apiServer!
    if (process.env.CLUSTER_BENCH_MEMORY_DETAIL) logMemoryDetail(cluster, 'after the build-up')
    const profiler = await cpuProfiler('held')
    const loop = monitorEventLoopDelay({ resolution: 10 })
    loop.enable()
    const cpuBefore = process.cpuUsage()
    const wallBefore = performance.now()
    // The API gets run for the steady state's whole minute, from another process.
    const gets = await child.run({
      url,
      ca: pki.caCert,
      cert: pki.adminCert,
      key: pki.adminKey,
      method: 'GET',
      path: `/api/v1/namespaces/default/pods/${anyPod}`,
      concurrency: 4,
      durationMs: 60_000
    })
    const wallMs = performance.now() - wallBefore
    const cpu = process.cpuUsage(cpuBefore)
    loop.disable()
    await profiler.stop()
    const memory = process.memoryUsage()
    if (process.env.CLUSTER_BENCH_MEMORY_DETAIL) logMemoryDetail(cluster, 'after the minute')
    const rssGiB = memory.rss / 2 ** 30
    const cpuShare = (cpu.user + cpu.system) / 1000 / wallMs
    const loopP99 = loop.percentile(99) / 1e6
    const loopMax = loop.max / 1e6
    const label = `${nodes} nodes, ${replicas} pods, 60 s at 1x`
    emit(line(`steady state RSS (${label})`, rssGiB, 'GiB', null, '<= 3 GiB', rssGiB <= 3))
    emit(line(`steady state JS heap used (${label})`, memory.heapUsed / 2 ** 30, 'GiB', null, 'reported (RSS less heap: buffers, code, native)', true))
    emit(line(`steady state CPU share of one core (${label})`, cpuShare, 'cores', null, 'reported', true))
    emit(line(`steady state API get p99 (${label})`, gets.p99, 'ms', null, '<= 10 ms', gets.p99 <= 10 && gets.errors === 0))
    emit(line(`steady state event-loop delay p99 (${label})`, loopP99, 'ms', null, '<= 50 ms', loopP99 <= 50))
    emit(line(`steady state event-loop delay max (${label})`, loopMax, 'ms', null, 'reported (a full-heap compaction pauses ~2 s)', true))
    if (process.env.CLUSTER_BENCH_HEAP_SNAPSHOT) writeHeapSnapshot(process.env.CLUSTER_BENCH_HEAP_SNAPSHOT)
  } finally {
    child.stop()
    await cluster.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Creation to Ready through a watch, 20 creations/s, 1x clock, simulated runtime delays at zero. */
async function startupLatency(emit: (line: BenchLine) => void): Promise<void> {
  const instantRuntime = createNodesComponent({ timings: { pullMinMs: 0, pullMaxMs: 0, sandboxMs: 0, createMs: 0, startMs: 0 } })
  const components: ComponentFactory[] = defaultComponents.map((c) => (c === nodesComponent ? instantRuntime : c))
  const total = count(400)
  // A node takes 110 pods (maxPods): enough workers that every pod fits, as a density test sizes its cluster.
  const workers = Math.max(3, Math.ceil(total / 100))
  const cluster = await Cluster.start({ clock: 'realtime', components, config: { workers } as never })
  try {
    await allNodesReady(cluster, workers, 60_000)
    const pods = cluster.client.resource<Pod>(podsGVR)
    const created = new Map<string, number>()
    const latencies: number[] = []
    const list = await pods.list('default')
    const watcher = pods.watch('default', { resourceVersion: list.metadata.resourceVersion }, (event) => {
      const pod = event.object as Pod
      const t = created.get(pod.metadata!.name!)
      if (t !== undefined && isReady(pod)) {
        latencies.push(performance.now() - t)
        created.delete(pod.metadata!.name!)
      }
    })
    const interval = 1000 / 20
    const begin = performance.now()
    for (let i = 0; i < total; i++) {
      const due = begin + i * interval
      await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())))
      const name = `startup-${i}`
      created.set(name, performance.now())
      await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10' }] } })
    }
    await waitFor(() => latencies.length >= total, `${total} pods Ready`, 120_000)
    watcher.stop()
    latencies.sort((a, b) => a - b)
    const p50 = latencies[Math.floor(latencies.length * 0.5)]
    const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))]
    emit(line('pod startup latency p50 (20 creations/s, 1x clock, runtime delays 0)', p50, 'ms', null, 'reported', true))
    emit(line('pod startup latency p99 (20 creations/s, 1x clock, runtime delays 0)', p99, 'ms', 5_000, '<= 100 ms (Kubernetes SLO: 5 s)', p99 <= 100))
  } finally {
    await cluster.stop()
  }
}

function line(figure: string, value: number, unit: string, baseline: number | null, target: string, met: boolean): BenchLine {
  const round = (x: number): number => Math.round(x * 100) / 100
  const lowerIsBetter = unit === 'ms' || unit === 'GiB'
  return {
    figure,
    value: round(value),
    unit,
    baseline,
    ratio: baseline === null ? null : round(lowerIsBetter ? baseline / value : value / baseline),
    target,
    met
  }
}

const phases: Record<string, (emit: (line: BenchLine) => void) => Promise<void>> = { startup: startupLatency, e2e: endToEnd, held: scaleHeld }

/** The phases CLUSTER_BENCH_PHASES picks (default all), in run order. */
export function clusterBenchPhases(): string[] {
  const picked = (process.env.CLUSTER_BENCH_PHASES ?? Object.keys(phases).join(',')).split(',')
  const unknown = picked.filter((p) => !(p in phases))
  if (unknown.length) throw new Error(`unknown cluster bench phase ${unknown.join(', ')}; known: ${Object.keys(phases).join(', ')}`)
  return Object.keys(phases).filter((name) => picked.includes(name))
}

export async function runClusterBench(emit: (line: BenchLine) => void): Promise<void> {
  for (const name of clusterBenchPhases()) await phases[name](emit)
}
