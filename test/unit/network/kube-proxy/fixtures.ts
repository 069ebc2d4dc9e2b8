import type { Service } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import { ProxyRuleStore } from '../../../../main/cluster/network/kube-proxy/rule-store'

/** Services, slices and a two-node store, written by hand for the kube-proxy tables. */

export function service(namespace: string, name: string, spec: Service['spec']): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { namespace, name }, spec }
}

export interface EndpointSpec {
  ip: string
  node?: string
  ready?: boolean
  serving?: boolean
  terminating?: boolean
  hostname?: string
}

export function slice(namespace: string, service: string, ports: { name?: string; port: number; protocol?: 'TCP' | 'UDP' }[], endpoints: EndpointSpec[]): EndpointSlice {
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { namespace, name: `${service}-abcde`, labels: { 'kubernetes.io/service-name': service } },
    addressType: 'IPv4',
    ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol ?? 'TCP' })),
    endpoints: endpoints.map((e) => ({
      addresses: [e.ip],
      nodeName: e.node,
      hostname: e.hostname,
      conditions: { ready: e.ready ?? true, serving: e.serving ?? e.ready ?? true, terminating: e.terminating ?? false }
    }))
  }
}

/** A store with node-1 (172.18.0.3, bridge 10.244.1.1) and node-2 (172.18.0.4, bridge 10.244.2.1). */
export function twoNodes(): ProxyRuleStore {
  const store = new ProxyRuleStore('10.244.0.0/16')
  store.setNode({ name: 'node-1', addresses: ['172.18.0.3', '10.244.1.1'] })
  store.setNode({ name: 'node-2', addresses: ['172.18.0.4', '10.244.2.1'] })
  return store
}

/** The lines of a table's rules (without the chain declarations). */
export function ruleLines(store: ProxyRuleStore, node: string, table: 'nat' | 'filter'): string[] {
  return (store.iptablesSave(node, { table }) ?? '').split('\n').filter((l) => l.startsWith('-A '))
}

/** Lines that mention a service (its comment), in order. */
export function serviceLines(store: ProxyRuleStore, node: string, table: 'nat' | 'filter', svc: string): string[] {
  return ruleLines(store, node, table).filter((l) => l.includes(`"${svc}`) || l.includes(` ${svc} `) || l.includes(`--comment ${svc}`) || l.includes(`for ${svc}`))
}
