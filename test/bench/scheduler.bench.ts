/**
 * Scheduler benchmark: the pure Scheduler core (no API, no binding writes),
 * modelled on kube-scheduler's scheduler_perf SchedulingBasic: nodes of
 * 4 cpu / 32Gi / 110 pods in 3 zones, 1,000 pods already placed, then
 * 10,000 pending pods (100m cpu, 500Mi each) created up front and scheduled
 * one after the other. Every decision includes the PodInfo computation
 * (parsing requests), PreFilter, Filter over the adaptive share of nodes
 * (420 of 1,000, 500 of 5,000), Score over those, selection, and assuming the
 * pod in the cache.
 *
 * Anchor: scheduler_perf's CI threshold for 5000Nodes_10000Pods is 680 pods/s.
 *
 * A last figure runs the same shape end to end, as scheduler_perf does: an
 * in-memory cluster with only the scheduler component, nodes registered
 * through the API, 5,000 pods created through the API, and the time until a
 * watch has seen every one of them bound (informers, queue, binding writes,
 * events and the scheduling-result annotation included).
 */
import type { Node, Pod } from 'kubernetes-types/core/v1'
import { Scheduler, schedulerComponent } from '../../main/cluster/scheduler'
import { Cluster } from '../../main/cluster/cluster'
import type { BenchLine } from './bench-line'

const KUBE_PERF_THRESHOLD_5000 = 680
const TARGET_PODS_PER_SECOND = 1_500
const INIT_PODS = 1_000
const MEASURE_PODS = 10_000

function node(i: number): Node {
  const name = `node-${i}`
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': `zone-${i % 3}` } },
    status: {
      allocatable: { cpu: '4', memory: '32Gi', pods: '110' },
      capacity: { cpu: '4', memory: '32Gi', pods: '110' },
      conditions: [{ type: 'Ready', status: 'True' }]
    }
  }
}

function pod(name: string, nodeName?: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'sched-bench', uid: `uid-${name}` },
    spec: {
      ...(nodeName ? { nodeName } : {}),
      schedulerName: 'default-scheduler',
      priority: 0,
      containers: [{ name: 'pause', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '500Mi' }, limits: { cpu: '100m', memory: '500Mi' } } }]
    }
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]
}

interface Run {
  podsPerSecond: number
  p50: number
  p99: number
  scheduled: number
}

function run(numNodes: number): Run {
  const s = new Scheduler()
  for (let i = 0; i < numNodes; i++) s.setNode(node(i))
  for (let i = 0; i < INIT_PODS; i++) s.setPod(pod(`init-${i}`, `node-${i % numNodes}`))
  const pending = Array.from({ length: MEASURE_PODS }, (_, i) => pod(`pod-${i}`))
  // Warm the JIT on a separate scheduler so the measured run starts from the same cache state.
  const warm = new Scheduler()
  for (let i = 0; i < Math.min(numNodes, 500); i++) warm.setNode(node(i))
  for (let i = 0; i < 500; i++) warm.scheduleOne(pod(`warm-${i}`))

  const latencies = new Float64Array(MEASURE_PODS)
  let scheduled = 0
  const start = performance.now()
  for (let i = 0; i < MEASURE_PODS; i++) {
    const t = performance.now()
    const o = s.scheduleOne(pending[i])
    latencies[i] = performance.now() - t
    if (o.result === 'Scheduled') scheduled++
  }
  const seconds = (performance.now() - start) / 1000
  latencies.sort()
  return { podsPerSecond: MEASURE_PODS / seconds, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), scheduled }
}

/** End to end through the API: pods/s from the first pod created to the last one seen bound. */
async function runEndToEnd(numNodes: number, numPods: number): Promise<number> {
  const cluster = await Cluster.start({ clock: 'instant', components: [schedulerComponent] })
  try {
    const nodes = cluster.client.resource<Node>({ group: '', version: 'v1', resource: 'nodes' })
    const pods = cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
    for (let i = 0; i < numNodes; i++) await nodes.create(node(i))
    const bound = new Set<string>()
    let done!: () => void
    const allBound = new Promise<void>((resolve) => (done = resolve))
    const watcher = pods.watch('sched-bench', {}, (e) => {
      if ((e.type === 'ADDED' || e.type === 'MODIFIED') && e.object.spec?.nodeName) {
        bound.add(e.object.metadata!.name!)
        if (bound.size === numPods) done()
      }
    })
    const namespaces = cluster.client.resource({ group: '', version: 'v1', resource: 'namespaces' })
    await namespaces.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'sched-bench' } })
    const start = performance.now()
    await Promise.all(Array.from({ length: numPods }, (_, i) => pods.create(pod(`pod-${i}`))))
    await allBound
    const seconds = (performance.now() - start) / 1000
    watcher.stop()
    return numPods / seconds
  } finally {
    await cluster.stop()
  }
}

/** Emits pods/s and per-pod decision latency (p50, p99) at 1,000 and 5,000 nodes, and an end-to-end rate at 5,000 nodes. */
export async function runSchedulerBench(emit: (line: BenchLine) => void): Promise<void> {
  for (const numNodes of [1_000, 5_000]) {
    const r = run(numNodes)
    if (r.scheduled !== MEASURE_PODS) throw new Error(`only ${r.scheduled} of ${MEASURE_PODS} pods were scheduled at ${numNodes} nodes`)
    const label = numNodes.toLocaleString('en-US')
    const baseline = numNodes === 5_000 ? KUBE_PERF_THRESHOLD_5000 : null
    emit({
      figure: `scheduler throughput, ${label} nodes (${MEASURE_PODS.toLocaleString('en-US')} pods)`,
      value: Math.round(r.podsPerSecond),
      unit: 'pods/s',
      baseline,
      ratio: baseline ? Math.round((r.podsPerSecond / baseline) * 100) / 100 : null,
      target: `>= ${TARGET_PODS_PER_SECOND.toLocaleString('en-US')} pods/s`,
      met: r.podsPerSecond >= TARGET_PODS_PER_SECOND
    })
    emit({ figure: `scheduler decision latency p50, ${label} nodes`, value: Math.round(r.p50 * 1000) / 1000, unit: 'ms', baseline: null, ratio: null, target: '<= 1 ms', met: r.p50 <= 1 })
    emit({ figure: `scheduler decision latency p99, ${label} nodes`, value: Math.round(r.p99 * 1000) / 1000, unit: 'ms', baseline: null, ratio: null, target: '<= 5 ms', met: r.p99 <= 5 })
  }
  const e2e = await runEndToEnd(5_000, 5_000)
  emit({
    figure: 'scheduler end to end through the API, 5,000 nodes (5,000 pods created and bound)',
    value: Math.round(e2e),
    unit: 'pods/s',
    baseline: KUBE_PERF_THRESHOLD_5000,
    ratio: Math.round((e2e / KUBE_PERF_THRESHOLD_5000) * 100) / 100,
    target: `>= ${KUBE_PERF_THRESHOLD_5000} pods/s (scheduler_perf threshold)`,
    met: e2e >= KUBE_PERF_THRESHOLD_5000
  })
}
