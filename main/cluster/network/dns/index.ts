import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { Controller } from '../../client/controller'
import { IndexNames } from '../../client/indexer-builtins'
import type { Informer } from '../../client/informer'
import type { Component, ComponentFactory } from '../../component'

export type { ClusterDns, DnsAnswer, DnsRecord, DnsType, ResolvConf, ResolveResult, DnsQuery } from './types'
export { CoreDns } from './cluster-dns'

/**
 * CoreDNS's kubernetes plugin as a component: watches Services and
 * EndpointSlices through shared informers and keeps the cluster's records in
 * the world (world.dns), one Service at a time.
 */

const servicesGVR = { group: '', version: 'v1', resource: 'services' }
const slicesGVR = { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' }
const serviceNameLabel = 'kubernetes.io/service-name'

export const coreDnsComponent: ComponentFactory = (ctx): Component => {
  const dns = ctx.world.dns
  dns.configure({ serviceCIDR: ctx.config.network.serviceCIDR, nodeCIDR: ctx.config.network.nodeCIDR })
  let services: Informer<Service> | undefined
  let slices: Informer<EndpointSlice> | undefined

  const controller = new Controller(
    {
      name: 'coredns',
      watches: [
        { resource: servicesGVR },
        {
          resource: slicesGVR,
          keys: (obj) => {
            const name = obj.metadata?.labels?.[serviceNameLabel]
            return name ? [`${obj.metadata?.namespace}/${name}`] : []
          }
        }
      ],
      async reconcile(key) {
        const [namespace, name] = key.split('/')
        const svc = services?.getByName(namespace, name)
        const owned = (slices?.byIndex(IndexNames.label, `${serviceNameLabel}=${name}`) ?? []).filter((s) => s.metadata?.namespace === namespace)
        dns.syncService(key, svc, owned)
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
