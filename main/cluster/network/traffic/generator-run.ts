import type { TrafficEdge, TrafficGeneratorObject, TrafficGeneratorStatus } from '../../registry/kinds/trafficgenerator'
import type { ContainerProcesses } from '../../world/types'
import type { TraceEngine } from '../trace/engine'
import type { NetworkIndex } from '../trace/network-index'

/** At most this many traces per generator and tick; the tick's requests are shared among them (batches, `count`). */
const tracesPerTick = 8

const hostOf = (ipPort: string): string => ipPort.slice(0, ipPort.lastIndexOf(':'))

/**
 * One generator's running state: its counters, the fraction of a request
 * carried to the next tick, and what each edge received since the last
 * report. Each tick sends rate x elapsed requests through the trace engine
 * as a few traces that each stand for a share of them, spread over the
 * Service's endpoints as kube-proxy's random rules spread connections.
 */
export class GeneratorRun {
  sent: number
  delivered: number
  dropped: number
  lastDropReason?: string
  private carry = 0
  private turn = 0
  /** Cluster time this run has ticked through since its last report: a first window is often partial. */
  private windowMs = 0
  private readonly window = new Map<string, { edge: Omit<TrafficEdge, 'rate'>; count: number }>()

  constructor(
    public generator: TrafficGeneratorObject,
    private readonly deps: { engine: TraceEngine; index: NetworkIndex; processes: ContainerProcesses }
  ) {
    const s = generator.status ?? {}
    this.sent = s.sent ?? 0
    this.delivered = s.delivered ?? 0
    this.dropped = s.dropped ?? 0
    this.lastDropReason = s.lastDropReason
  }

  /** Sends what `elapsedMs` at the generator's rate adds up to. */
  tick(elapsedMs: number): void {
    const spec = this.generator.spec ?? {}
    this.windowMs += elapsedMs
    const due = (spec.rate ?? 0) * (elapsedMs / 1000) + this.carry
    const requests = Math.floor(due)
    this.carry = due - requests
    if (requests <= 0) return
    const traces = Math.min(tracesPerTick, requests)
    const source = spec.source?.pod ?? (spec.source?.node ? `node/${spec.source.node}` : 'external')
    for (let i = 0; i < traces; i++) {
      const count = Math.floor(requests / traces) + (i < requests % traces ? 1 : 0)
      const turn = this.turn++
      const result = this.deps.engine.trace(spec, { pick: (n) => turn % n })
      this.sent += count
      const deliver = result.hops.find((h) => h.action === 'deliver')
      const pod = deliver && result.verdict === 'Delivered' ? this.deps.index.podWithIP(hostOf(deliver.dst)) : undefined
      if (!deliver || !pod) {
        this.dropped += count
        this.lastDropReason = result.reason
        continue
      }
      const m = pod.metadata ?? {}
      const port = Number(deliver.dst.slice(deliver.dst.lastIndexOf(':') + 1))
      const protocol = spec.protocol ?? 'TCP'
      this.deps.processes.receive({ namespace: m.namespace ?? '', name: m.name ?? '', uid: m.uid ?? '' }, { from: deliver.src, protocol, port, method: 'GET', path: spec.path ?? '/', count })
      this.delivered += count
      const service = /through Service (\S+) /.exec(result.reason)?.[1]
      const destination = `${m.namespace}/${m.name}`
      const key = `${destination}|${service ?? ''}`
      const w = this.window.get(key) ?? { edge: { source, destination, ...(service ? { service } : {}) }, count: 0 }
      w.count += count
      this.window.set(key, w)
    }
  }

  /** The status to report for the time ticked through since the last report; starts the next window. */
  report(): TrafficGeneratorStatus {
    const seconds = this.windowMs / 1000
    const edges = [...this.window.values()]
      .map((w) => ({ ...w.edge, rate: seconds > 0 ? Math.round((w.count / seconds) * 100) / 100 : 0 }))
      .sort((a, b) => (a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0))
    this.window.clear()
    this.windowMs = 0
    return {
      sent: this.sent,
      delivered: this.delivered,
      dropped: this.dropped,
      ...(this.lastDropReason ? { lastDropReason: this.lastDropReason } : {}),
      edges,
      observedGeneration: this.generator.metadata.generation
    }
  }
}
