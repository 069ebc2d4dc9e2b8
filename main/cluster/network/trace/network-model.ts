import type { SharedInformerFactory } from '../../client/informer-factory'
import type { ClusterConfig } from '../../config/cluster-config'
import { TraceEngine } from './engine'
import { informerNetworkIndex } from './informer-index'
import type { NetworkIndex } from './network-index'
import { policyEvaluator } from './policy-adapter'
import type { ListeningPorts, NameResolver, ServiceProxy } from './ports'

/** What the network model reads in a running cluster: the shared informers, the world's data plane, the config. */
export interface NetworkModelContext {
  informers: SharedInformerFactory
  world: { proxyRules: ServiceProxy; dns: NameResolver; processes: ListeningPorts }
  config: ClusterConfig
}

/** The trace engine over a running cluster, and the index it reads. */
export interface NetworkModel {
  index: NetworkIndex
  /** The engine, once the informers have synced. */
  engine(): Promise<TraceEngine>
  stop(): void
}

/**
 * Builds the trace engine for a running cluster: objects from the shared
 * informers, kube-proxy's rules and the DNS from the world, NetworkPolicy
 * evaluation over the same index. PacketTrace, the toolbox and the traffic
 * generator each ask it the same way.
 */
export function networkModel(ctx: NetworkModelContext): NetworkModel {
  const { index, synced, stop } = informerNetworkIndex(ctx.informers)
  const engine = new TraceEngine({
    index,
    proxy: ctx.world.proxyRules,
    dns: ctx.world.dns,
    policy: policyEvaluator(index),
    processes: ctx.world.processes,
    podCIDR: ctx.config.network.podCIDR
  })
  let ready: Promise<TraceEngine> | undefined
  return {
    index,
    engine: () => (ready ??= synced().then(() => engine)),
    stop
  }
}
