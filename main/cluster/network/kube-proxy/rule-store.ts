import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { evaluatePacket } from './evaluate'
import { FragmentSet } from './fragment-set'
import { NodeRules } from './node-rules'
import { endpointsFor, servicePorts, type EndpointInfo, type ServicePortInfo } from './service-ports'
import { fragmentKey, isPerNode, serviceFragment, type ServiceFragment } from './service-rules'
import type { EvaluateOptions, IptablesTable, NodeRuleSet, ProxyEvaluation, ProxyPacket, ProxyRules, RecentTable } from './types'

/** What a node tells kube-proxy: its name and local addresses. */
export interface ProxyNode {
  name: string
  /** Node IPs and the bridge address: `-m addrtype --dst-type LOCAL` matches these (and 127.0.0.1). */
  addresses: string[]
}

/** What a node's Local-policy rules depend on: its own endpoints and their conditions. */
function localSignature(endpoints: readonly EndpointInfo[], node: string): string {
  let sig = ''
  for (const ep of endpoints) if (ep.nodeName === node) sig += `${ep.endpoint}/${+ep.ready}${+ep.serving}${+ep.terminating},`
  return sig
}

interface ServiceState {
  ports: ServicePortInfo[]
  endpoints: Map<string, EndpointInfo[]>
}

/**
 * Every node's kube-proxy rules, kept incrementally: a Service or endpoint
 * change regenerates only that Service's fragments. Fragments that are the
 * same on every node (no Local traffic policy) are built once and shared;
 * Local-policy ones are built per node. This is world.proxyRules.
 *
 * Like the real kube-proxy, which coalesces changes and syncs its rules at
 * most once per --iptables-min-sync-period, the store takes a Service's
 * latest state at once but builds its rules only when they are looked at (a
 * trace, iptables-save, the rules view) or someone listens for changes: a
 * Service of a thousand endpoints whose pods churn is not rebuilt per change.
 */
export class ProxyRuleStore implements ProxyRules {
  private readonly shared = new FragmentSet()
  private readonly nodeRules = new Map<string, NodeRules>()
  private readonly services = new Map<string, ServiceState>()
  private readonly listeners = new Set<(node: string) => void>()
  private readonly recent = new Map<string, RecentTable>()
  /** Services changed since their rules were last built: the latest state of each, in the order they changed. */
  private readonly pending = new Map<string, { svc: Service | undefined; slices: readonly EndpointSlice[] }>()

  /** `clusterCIDR`: the pod range, kube-proxy's local-traffic detector (KubeProxyConfiguration clusterCIDR). */
  constructor(private clusterCIDR: string = '10.244.0.0/16') {}

  /** Sets the pod range before any rule is built (kube-proxy reads it from its configuration). */
  configure(options: { clusterCIDR: string }): void {
    this.clusterCIDR = options.clusterCIDR
  }

  nodes(): string[] {
    return [...this.nodeRules.keys()]
  }

  /** Whether the node has rules (without building pending ones). */
  hasNode(node: string): boolean {
    return this.nodeRules.has(node)
  }

  /** A node's rule tables (for the trace engine's own walks and tests). */
  rulesOf(node: string): NodeRules | undefined {
    this.flush()
    return this.nodeRules.get(node)
  }

  ruleSet(node: string): NodeRuleSet | undefined {
    return this.rulesOf(node)?.ruleSet()
  }

  iptablesSave(node: string, options?: { table?: IptablesTable | 'mangle'; time?: Date }): string | undefined {
    return this.rulesOf(node)?.iptablesSave(options)
  }

  evaluate(node: string, packet: ProxyPacket, options?: EvaluateOptions): ProxyEvaluation | undefined {
    const rules = this.rulesOf(node)
    return rules && evaluatePacket(rules, packet, options)
  }

  affinity(node: string): RecentTable | undefined {
    if (!this.nodeRules.has(node)) return undefined
    let table = this.recent.get(node)
    if (!table) this.recent.set(node, (table = new Map()))
    return table
  }

  onChange(listener: (node: string) => void): () => void {
    // A listener is told which nodes' rules changed, which takes building them.
    this.flush()
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** A node joined or changed its addresses: it gets the shared rules and its own Local-policy ones. */
  setNode(node: ProxyNode): void {
    let rules = this.nodeRules.get(node.name)
    const isNew = !rules
    if (!rules) {
      // Its Local-policy rules are built from every Service's state: bring that up to date first.
      this.flush()
      rules = new NodeRules({ node: node.name, clusterCIDR: this.clusterCIDR }, this.shared)
      this.nodeRules.set(node.name, rules)
    }
    rules.localAddresses = new Set(['127.0.0.1', ...node.addresses])
    if (isNew) {
      for (const state of this.services.values()) {
        for (const info of state.ports) if (isPerNode(info)) rules.own.put(serviceFragment(info, state.endpoints.get(fragmentKey(info.name)) ?? [], rules.ctx))
      }
    }
    this.notify([node.name])
  }

  removeNode(name: string): void {
    this.recent.delete(name)
    if (this.nodeRules.delete(name)) this.notify([name])
  }

  /**
   * Takes one Service's new state, the Service (undefined when deleted) and
   * its EndpointSlices, for its rules on every node. `key` is
   * `namespace/name`. The rules are rebuilt from the latest state when next
   * read (at once while anyone listens for changes).
   */
  syncService(key: string, svc: Service | undefined, slices: readonly EndpointSlice[]): void {
    // Re-inserted, so pending Services are built in the order of their last change.
    this.pending.delete(key)
    this.pending.set(key, { svc, slices })
    if (this.listeners.size) this.flush()
  }

  /** Builds the rules of every Service changed since they were last built. */
  private flush(): void {
    for (const [key, { svc, slices }] of this.pending) {
      this.pending.delete(key)
      this.build(key, svc, slices)
    }
  }

  /** Regenerates one Service's rules on every node. */
  private build(key: string, svc: Service | undefined, slices: readonly EndpointSlice[]): void {
    const old = this.services.get(key)
    const ports = svc ? servicePorts(svc) : []
    const state: ServiceState = { ports, endpoints: new Map() }
    const keep = new Set<string>()
    let sharedChanged = false
    const perNodeChanged = new Set<string>()
    const wasPerNode = new Set((old?.ports ?? []).filter(isPerNode).map((info) => fragmentKey(info.name)))
    for (const info of ports) {
      const fkey = fragmentKey(info.name)
      keep.add(fkey)
      const eps = endpointsFor(info.name, slices)
      state.endpoints.set(fkey, eps)
      if (isPerNode(info)) {
        sharedChanged = this.shared.remove(fkey) || sharedChanged
        // Nodes with the same local endpoints (most often: none) get the same rules: build them once.
        const built = new Map<string, ServiceFragment>()
        for (const rules of this.nodeRules.values()) {
          const local = localSignature(eps, rules.node)
          let fragment = built.get(local)
          if (!fragment) built.set(local, (fragment = serviceFragment(info, eps, rules.ctx)))
          rules.own.put(fragment)
          perNodeChanged.add(rules.node)
        }
      } else {
        this.shared.put(serviceFragment(info, eps, { node: '', clusterCIDR: this.clusterCIDR }))
        if (wasPerNode.has(fkey)) for (const rules of this.nodeRules.values()) if (rules.own.remove(fkey)) perNodeChanged.add(rules.node)
        sharedChanged = true
      }
    }
    for (const info of old?.ports ?? []) {
      const fkey = fragmentKey(info.name)
      if (keep.has(fkey)) continue
      sharedChanged = this.shared.remove(fkey) || sharedChanged
      if (wasPerNode.has(fkey)) for (const rules of this.nodeRules.values()) if (rules.own.remove(fkey)) perNodeChanged.add(rules.node)
    }
    if (ports.length) this.services.set(key, state)
    else this.services.delete(key)
    if (sharedChanged) this.notify(this.nodeRules.keys())
    else this.notify(perNodeChanged)
  }

  private notify(nodes: Iterable<string>): void {
    if (!this.listeners.size) return
    for (const node of nodes) for (const listener of this.listeners) listener(node)
  }
}
