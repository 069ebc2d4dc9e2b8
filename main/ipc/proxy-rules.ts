import type { Service } from 'kubernetes-types/core/v1'
import type { Cluster } from '../cluster/cluster'
import { badRequest } from '../cluster/apimachinery/errors'
import { serviceChainNames } from '../cluster/network/kube-proxy/chain-names'

/**
 * A node's kube-proxy rules as `iptables-save` prints them on that node
 * (from the rules kube-proxy keeps in the world), and, for a Service, the
 * chains that are its own: per port its KUBE-SVC/SVL/EXT/FW chains (named
 * as kube-proxy names them) and the KUBE-SEP chains they jump to.
 */
const services = { group: '', version: 'v1', resource: 'services' }

export async function proxyRules(cluster: Cluster, node: string, service?: { namespace: string; name: string }): Promise<{ text: string; chains: string[] }> {
  const text = cluster.world.proxyRules.iptablesSave(node)
  if (text === undefined) throw badRequest(`kube-proxy keeps no rules for node "${node}" (no such node, or kube-proxy has not synced it yet)`)
  if (!service) return { text, chains: [] }
  const svc = (await cluster.client.resource(services).get(service.namespace, service.name)) as unknown as Service
  const own = new Set<string>()
  for (const port of svc.spec?.ports ?? []) {
    const names = serviceChainNames({ namespace: service.namespace, name: service.name, port: port.name ?? '', protocol: (port.protocol ?? 'TCP') as 'TCP' | 'UDP' | 'SCTP' })
    for (const chain of Object.values(names)) own.add(chain)
  }
  // The endpoint chains are the ones the Service's chains jump to.
  for (const line of text.split('\n')) {
    const m = /^-A (\S+) .*-j (KUBE-SEP-\S+)/.exec(line)
    if (m && own.has(m[1])) own.add(m[2])
  }
  const present = [...own].filter((c) => text.includes(`:${c} `) || text.includes(`-A ${c} `))
  return { text, chains: present.sort() }
}
