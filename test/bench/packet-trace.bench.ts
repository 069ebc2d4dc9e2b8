/**
 * Packet trace benchmark: traces per second on a model of 1,000 nodes and
 * 10,000 Services (3 endpoints each, 30,000 pods spread over the nodes; one
 * Service in ten a NodePort). The model is built directly from objects into
 * the same parts a running cluster uses: the trace engine's index, the
 * kube-proxy rule store (world.proxyRules), CoreDNS's records (world.dns)
 * and the process table (world.processes). Each trace is a whole walk: a
 * pod resolving a Service by name, kube-proxy's DNAT, the route, VXLAN to
 * the endpoint's node, NetworkPolicy (none), the listening port and the
 * reply's un-DNAT; every fourth is an external client to a NodePort.
 * Target: >= 10,000 traces/s.
 */
import type { Node, Pod, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { ProxyRuleStore } from '../../main/cluster/network/kube-proxy/rule-store'
import { CoreDns } from '../../main/cluster/network/dns/cluster-dns'
import { ProcessTable } from '../../main/cluster/world/container-processes'
import { NetworkIndex } from '../../main/cluster/network/trace/network-index'
import { TraceEngine, type TraceQuestion } from '../../main/cluster/network/trace/engine'
import { policyEvaluator } from '../../main/cluster/network/trace/policy-adapter'
import type { BenchLine } from './bench-line'

const NODES = 1_000
const SERVICES = 10_000
const ENDPOINTS = 3
const TRACES = 50_000
const TARGET = 10_000

const nodeIP = (n: number): string => `172.18.${(n + 2) >>> 8}.${(n + 2) & 255}`
const podCIDR = (n: number): string => `10.${128 + (n >>> 8)}.${n & 255}.0/24`
const podIP = (n: number, k: number): string => `10.${128 + (n >>> 8)}.${n & 255}.${k + 2}`
const clusterIP = (i: number): string => `10.${96 + ((i + 20) >>> 16)}.${((i + 20) >>> 8) & 255}.${(i + 20) & 255}`

function node(n: number): Node {
  return {
    metadata: { name: `node-${n}` },
    spec: { podCIDR: podCIDR(n) },
    status: { addresses: [{ type: 'InternalIP', address: nodeIP(n) }], conditions: [{ type: 'Ready', status: 'True' }] }
  }
}

/** The e-th endpoint of service i: pod k on node n. */
function place(i: number, e: number): { n: number; k: number } {
  const j = i * ENDPOINTS + e
  return { n: j % NODES, k: Math.floor(j / NODES) }
}

function pod(i: number, e: number): Pod {
  const { n, k } = place(i, e)
  return {
    metadata: { namespace: `ns-${i % 100}`, name: `svc-${i}-${e}`, uid: `uid-${i}-${e}`, labels: { app: `svc-${i}` } },
    spec: { nodeName: `node-${n}`, containers: [{ name: 'app', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
    status: { phase: 'Running', podIP: podIP(n, k), conditions: [{ type: 'Ready', status: 'True' }] }
  }
}

function service(i: number): Service {
  const nodePort = i % 10 === 0
  return {
    metadata: { namespace: `ns-${i % 100}`, name: `svc-${i}` },
    spec: {
      type: nodePort ? 'NodePort' : 'ClusterIP',
      selector: { app: `svc-${i}` },
      clusterIP: clusterIP(i),
      clusterIPs: [clusterIP(i)],
      ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 8080, ...(nodePort ? { nodePort: 30000 + ((i / 10) % 2768) } : {}) }]
    }
  }
}

function slice(i: number): EndpointSlice {
  return {
    addressType: 'IPv4',
    metadata: { namespace: `ns-${i % 100}`, name: `svc-${i}-abcde`, labels: { 'kubernetes.io/service-name': `svc-${i}` } },
    ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
    endpoints: Array.from({ length: ENDPOINTS }, (_, e) => ({
      addresses: [pod(i, e).status!.podIP!],
      nodeName: `node-${place(i, e).n}`,
      conditions: { ready: true, serving: true, terminating: false }
    }))
  }
}

function buildModel(): { engine: TraceEngine; ms: number } {
  const t0 = performance.now()
  const index = new NetworkIndex()
  const proxy = new ProxyRuleStore('10.128.0.0/10')
  const dns = new CoreDns({ serviceCIDR: '10.96.0.0/12' })
  const processes = new ProcessTable()
  for (let n = 0; n < NODES; n++) {
    index.upsert({ kind: 'Node', obj: node(n) })
    proxy.setNode({ name: `node-${n}`, addresses: [nodeIP(n), podIP(n, -1)] })
  }
  for (let i = 0; i < 100; i++) index.upsert({ kind: 'Namespace', obj: { metadata: { name: `ns-${i}` } } })
  for (let i = 0; i < SERVICES; i++) {
    const svc = service(i)
    const key = `${svc.metadata!.namespace}/${svc.metadata!.name}`
    for (let e = 0; e < ENDPOINTS; e++) {
      const p = pod(i, e)
      index.upsert({ kind: 'Pod', obj: p })
      processes.started(p.metadata!.uid!, 'app', [{ port: 8080, protocol: 'TCP' }])
    }
    index.upsert({ kind: 'Service', obj: svc })
    index.upsert({ kind: 'EndpointSlice', obj: slice(i) })
    proxy.syncService(key, svc, [slice(i)])
    dns.syncService(key, svc, [slice(i)])
  }
  const engine = new TraceEngine({ index, proxy, dns, policy: policyEvaluator(index), processes, podCIDR: '10.128.0.0/10' })
  return { engine, ms: performance.now() - t0 }
}

/** The q-th question: pods calling another namespace's Service by name, and external clients on NodePorts. */
function question(q: number): TraceQuestion {
  const i = (q * 7919) % SERVICES
  if (q % 4 === 3) {
    const np = Math.floor(i / 10) * 10
    return { source: { external: true }, destination: { address: nodeIP((q * 31) % NODES), port: 30000 + ((np / 10) % 2768) } }
  }
  const from = (i + 1 + (q % 13)) % SERVICES
  return { source: { pod: `ns-${from % 100}/svc-${from}-0` }, destination: { address: `svc-${i}.ns-${i % 100}`, port: 80 } }
}

export async function runPacketTraceBench(emit: (line: BenchLine) => void): Promise<void> {
  const { engine, ms } = buildModel()
  // Every answer must be a real walk to a pod, or the figure would time early drops.
  for (let q = 0; q < 200; q++) {
    const r = engine.trace(question(q))
    if (r.verdict !== 'Delivered') throw new Error(`packet-trace bench: question ${q} ${JSON.stringify(question(q))} was dropped: ${r.reason}`)
  }
  const t0 = performance.now()
  const cpu0 = process.cpuUsage()
  let hops = 0
  for (let q = 0; q < TRACES; q++) hops += engine.trace(question(q)).hops.length
  const seconds = (performance.now() - t0) / 1000
  const cpu = process.cpuUsage(cpu0)
  const cpuSeconds = (cpu.user + cpu.system) / 1e6
  const rate = Math.round(TRACES / seconds)
  const cpuRate = Math.round(TRACES / cpuSeconds)
  const what = `${NODES} nodes, ${SERVICES} services, ${Math.round(hops / TRACES)} hops per trace`
  emit({ figure: `packet traces per second (${what})`, value: rate, unit: 'traces/s', baseline: null, ratio: null, target: `>= ${TARGET}`, met: rate >= TARGET })
  // On a shared machine wall time counts the waits for a core; CPU time is what the traces cost.
  emit({ figure: `packet traces per CPU second (${what})`, value: cpuRate, unit: 'traces/cpu-s', baseline: null, ratio: null, target: `>= ${TARGET}`, met: cpuRate >= TARGET })
  emit({ figure: `packet trace model build (${NODES} nodes, ${SERVICES} services, ${SERVICES * ENDPOINTS} pods)`, value: Math.round(ms), unit: 'ms', baseline: null, ratio: null, target: 'informational', met: true })
}
