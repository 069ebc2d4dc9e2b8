import ipaddr from 'ipaddr.js'
import type { Node } from 'kubernetes-types/core/v1'
import { followServicesAndSlices } from '../service-slices'
import type { Component, ComponentFactory } from '../../component'
import type { ProxyNode } from './rule-store'
import { KubeProxyStartEvents } from './start-events'

export type { ProxyRules } from './types'
export { ProxyRuleStore } from './rule-store'

/**
 * kube-proxy in iptables mode, for every node: a client of the API like the
 * real one (shared informers on Services, EndpointSlices and Nodes) that
 * keeps each node's rules in the world (world.proxyRules). As the real one's
 * change trackers do, its event handlers record each changed Service's
 * latest state at once (nothing is built then); the rules of the Services
 * that changed are built when next read. A Node change updates that node's
 * addresses; a node that (re)boots gets kube-proxy's Starting event.
 */

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }

/** A node's local addresses: its InternalIP/ExternalIP and the first address of its podCIDR (cni0). */
export function proxyNodeOf(node: Node): ProxyNode {
  const addresses = (node.status?.addresses ?? []).filter((a) => a.type === 'InternalIP' || a.type === 'ExternalIP').map((a) => a.address)
  const cidr = node.spec?.podCIDR
  if (cidr) {
    try {
      const [addr] = ipaddr.IPv4.parseCIDR(cidr)
      const bytes = addr.toByteArray()
      bytes[3] += 1
      addresses.push(ipaddr.fromByteArray(bytes).toString())
    } catch {
      // not an IPv4 CIDR: no bridge address
    }
  }
  return { name: node.metadata?.name ?? '', addresses }
}

const sameNode = (a: ProxyNode, b: ProxyNode): boolean => a.name === b.name && a.addresses.join() === b.addresses.join()

export const kubeProxyComponent: ComponentFactory = (ctx): Component => {
  const store = ctx.world.proxyRules
  store.configure({ clusterCIDR: ctx.config.network.podCIDR })
  const stops: Array<() => void> = []
  const starts = new KubeProxyStartEvents((source) => ctx.events(source))

  const nodeGone = (name: string): void => {
    store.removeNode(name)
    starts.forget(name)
  }

  const nodeChanged = (old: Node | undefined, node: Node): void => {
    if (node.metadata?.deletionTimestamp) return nodeGone(node.metadata.name ?? '')
    starts.seen(node, old === undefined)
    const next = proxyNodeOf(node)
    // Heartbeats and condition changes leave the node's addresses as they were.
    if (old && !old.metadata?.deletionTimestamp && store.hasNode(next.name) && sameNode(proxyNodeOf(old), next)) return
    store.setNode(next)
  }

  return {
    name: 'kube-proxy',
    async start() {
      stops.push(followServicesAndSlices(ctx.informers, (key, service, slices) => store.syncService(key, service, slices)))
      const nodes = ctx.informers.informerFor<Node>(nodesGVR)
      stops.push(
        nodes.addEventHandler({
          onAdd: (node) => nodeChanged(undefined, node),
          onUpdate: (old, node) => nodeChanged(old, node),
          onDelete: (node) => nodeGone(node.metadata?.name ?? '')
        })
      )
      // The informers start with the cluster, once every component has started.
    },
    async stop() {
      for (const stop of stops.splice(0)) stop()
    }
  }
}
