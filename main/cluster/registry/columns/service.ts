import type { Service, ServicePort } from 'kubernetes-types/core/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, formatLabels, nameColumn, sortStrings } from './common'
import { docs } from './descriptions'

/** The load balancer's addresses (IP, else hostname), unique and sorted. Server-side tables are wide, so never clipped. */
function loadBalancerAddresses(svc: Service): string[] {
  const set = new Set<string>()
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    if (ingress.ip) set.add(ingress.ip)
    else if (ingress.hostname) set.add(ingress.hostname)
  }
  return sortStrings(set)
}

/** getServiceExternalIP: external IPs, the load balancer's addresses or `<pending>`, the external name, or `<none>`. */
export function serviceExternalIP(svc: Service): string {
  const externalIPs = svc.spec?.externalIPs ?? []
  switch (svc.spec?.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>'
    case 'LoadBalancer': {
      const lb = loadBalancerAddresses(svc)
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',')
      return lb.length > 0 ? lb.join(',') : '<pending>'
    }
    case 'ExternalName':
      return svc.spec.externalName ?? ''
  }
  return '<unknown>'
}

/** makePortString: `80/TCP`, or `80:30080/TCP` with a node port, joined by commas; `<none>` without ports. */
export function servicePorts(ports: readonly ServicePort[] | null | undefined): string {
  const text = (ports ?? []).map((p) => (p.nodePort && p.nodePort > 0 ? `${p.port}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port}/${p.protocol ?? ''}`)).join(',')
  return text === '' ? '<none>' : text
}

/** The first cluster IP (spec.clusterIPs, or the older clusterIP), `<none>` without one. */
function clusterIP(svc: Service): string {
  const ips = svc.spec?.clusterIPs?.length ? svc.spec.clusterIPs : svc.spec?.clusterIP ? [svc.spec.clusterIP] : []
  return ips.length > 0 ? ips[0] : '<none>'
}

export const serviceColumns: TableColumn<Service>[] = [
  nameColumn(),
  column('Type', docs.serviceSpecType, (s) => s.spec?.type ?? ''),
  column('Cluster-IP', docs.serviceSpecClusterIP, clusterIP),
  column('External-IP', docs.serviceSpecExternalIPs, serviceExternalIP),
  column('Port(s)', docs.serviceSpecPorts, (s) => servicePorts(s.spec?.ports)),
  ageColumn(),
  column('Selector', docs.serviceSpecSelector, (s) => formatLabels(s.spec?.selector), 1)
]
