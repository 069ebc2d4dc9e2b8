import type { Ingress, IngressClass } from 'kubernetes-types/networking/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn, sortStrings } from './common'

/** Ingress and IngressClass columns, as printIngress and printIngressClass print them. */

/** formatHosts: the first three hosts, `*` when no rule names one. */
function formatHosts(ing: Ingress): string {
  const rules = ing.spec?.rules ?? []
  const max = 3
  const hosts: string[] = []
  let more = false
  for (const r of rules) {
    if (hosts.length === max) more = true
    if (!more && r.host) hosts.push(r.host)
  }
  if (!hosts.length) return '*'
  return more ? `${hosts.join(',')} + ${rules.length - max} more...` : hosts.join(',')
}

/** ingressLoadBalancerStatusStringer: the addresses, sorted and unique (the apiserver prints wide: never cut short). */
function address(ing: Ingress): string {
  const set = new Set<string>()
  for (const i of ing.status?.loadBalancer?.ingress ?? []) {
    if (i.ip) set.add(i.ip)
    else if (i.hostname) set.add(i.hostname)
  }
  return sortStrings(set).join(',')
}

export const ingressColumns: TableColumn<Ingress>[] = [
  nameColumn(),
  column('Class', 'The name of the IngressClass resource that should be used for additional configuration', (i) => i.spec?.ingressClassName ?? '<none>'),
  column('Hosts', 'Hosts that incoming requests are matched against before the ingress rule', formatHosts),
  column('Address', 'Address is a list containing ingress points for the load-balancer', address),
  column('Ports', 'Ports of TLS configurations that open', (i) => (i.spec?.tls?.length ? '80, 443' : '80')),
  ageColumn()
]

export const ingressClassColumns: TableColumn<IngressClass>[] = [
  nameColumn(),
  column('Controller', 'Controller that is responsible for handling this class', (c) => c.spec?.controller ?? ''),
  column('Parameters', 'A reference to a resource with additional parameters', (c) => {
    const p = c.spec?.parameters
    if (!p) return '<none>'
    return `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}`
  }),
  ageColumn()
]
