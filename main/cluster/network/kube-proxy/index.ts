import ipaddr from 'ipaddr.js'
import type { Node, Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { Controller } from '../../client/controller'
import { serviceAndSlices, serviceAndSliceWatches, servicesGVR, slicesGVR } from '../service-slices'
import type { Informer } from '../../client/informer'
import type { Component, ComponentFactory } from '../../component'
import type { ProxyNode } from './rule-store'

export type { ProxyRules } from './types'
export { ProxyRuleStore } from './rule-store'

/**
 * kube-proxy in iptables mode, for every node: a client of the API like the
 * real one (shared informers on Services, EndpointSlices and Nodes) that
 * keeps each node's rules in the world (world.proxyRules). A change to one
 * Service or its slices re-syncs that Service only; a Node change updates
 * that node's addresses.
 */

const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const nodeKeyPrefix = 'node:'

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

export const kubeProxyComponent: ComponentFactory = (ctx): Component => {
  const store = ctx.world.proxyRules
  store.configure({ clusterCIDR: ctx.config.network.podCIDR })
  let services: Informer<Service> | undefined
  let slices: Informer<EndpointSlice> | undefined
  let nodes: Informer<Node> | undefined

  const controller = new Controller(
    {
      name: 'kube-proxy',
      watches: [
        ...serviceAndSliceWatches,
        { resource: nodesGVR, keys: (obj) => [nodeKeyPrefix + (obj.metadata?.name ?? '')] }
      ],
      async reconcile(key) {
        if (key.startsWith(nodeKeyPrefix)) {
          const name = key.slice(nodeKeyPrefix.length)
          const node = nodes?.get(name)
          if (node && !node.metadata?.deletionTimestamp) store.setNode(proxyNodeOf(node))
          else store.removeNode(name)
          return
        }
        const { service, slices: owned } = serviceAndSlices(services, slices, key)
        store.syncService(key, service, owned)
      }
    },
    { factory: ctx.informers, logger: ctx.logger }
  )

  return {
    name: 'kube-proxy',
    async start() {
      services = ctx.informers.informerFor<Service>(servicesGVR)
      slices = ctx.informers.informerFor<EndpointSlice>(slicesGVR)
      nodes = ctx.informers.informerFor<Node>(nodesGVR)
      // Not awaited: the harness waits for the caches, which the cluster starts after every component.
      void controller.start()
    },
    async stop() {
      await controller.stop()
    }
  }
}
