import { followServicesAndSlices } from '../service-slices'
import type { Component, ComponentFactory } from '../../component'

export type { ClusterDns, DnsAnswer, DnsRecord, DnsType, ResolvConf, ResolveResult, DnsQuery } from './types'
export { CoreDns } from './cluster-dns'

/**
 * CoreDNS's kubernetes plugin as a component: follows Services and
 * EndpointSlices through shared informers and keeps the cluster's records in
 * the world (world.dns), one Service at a time. Its event handlers record a
 * changed Service's latest state at once; the records are built when looked
 * up, so whoever sees a change in the informers resolves it too.
 */
export const coreDnsComponent: ComponentFactory = (ctx): Component => {
  const dns = ctx.world.dns
  dns.configure({ serviceCIDR: ctx.config.network.serviceCIDR, nodeCIDR: ctx.config.network.nodeCIDR })
  let stop: (() => void) | undefined
  return {
    name: 'coredns',
    async start() {
      // The informers start with the cluster, once every component has started.
      stop = followServicesAndSlices(ctx.informers, (key, service, slices) => dns.syncService(key, service, slices))
    },
    async stop() {
      stop?.()
    }
  }
}
