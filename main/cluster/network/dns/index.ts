import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { Controller } from '../../client/controller'
import { serviceAndSlices, serviceAndSliceWatches, servicesGVR, slicesGVR } from '../service-slices'
import type { Informer } from '../../client/informer'
import type { Component, ComponentFactory } from '../../component'

export type { ClusterDns, DnsAnswer, DnsRecord, DnsType, ResolvConf, ResolveResult, DnsQuery } from './types'
export { CoreDns } from './cluster-dns'

/**
 * CoreDNS's kubernetes plugin as a component: watches Services and
 * EndpointSlices through shared informers and keeps the cluster's records in
 * the world (world.dns), one Service at a time.
 */


export const coreDnsComponent: ComponentFactory = (ctx): Component => {
  const dns = ctx.world.dns
  dns.configure({ serviceCIDR: ctx.config.network.serviceCIDR, nodeCIDR: ctx.config.network.nodeCIDR })
  let services: Informer<Service> | undefined
  let slices: Informer<EndpointSlice> | undefined

  const controller = new Controller(
    {
      name: 'coredns',
      watches: [
        ...serviceAndSliceWatches
      ],
      async reconcile(key) {
        const { service, slices: owned } = serviceAndSlices(services, slices, key)
        dns.syncService(key, service, owned)
      }
    },
    { factory: ctx.informers, logger: ctx.logger }
  )

  return {
    name: 'coredns',
    async start() {
      services = ctx.informers.informerFor<Service>(servicesGVR)
      slices = ctx.informers.informerFor<EndpointSlice>(slicesGVR)
      void controller.start()
    },
    async stop() {
      await controller.stop()
    }
  }
}
