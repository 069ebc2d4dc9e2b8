import type { Pod } from 'kubernetes-types/core/v1'
import { hostDevice } from '../node-network/devices'
import type { TraceEngineDeps } from './engine'
import { isIPv4, type SourceEnd } from './endpoints'
import { endpoint, type TraceBuilder } from './trace-builder'

/** A node's host network as a resolver sees it: a host-network pod (dnsPolicy Default: the node's resolv.conf). */
function hostResolverPod(node: string): Pod {
  return { metadata: { namespace: 'default', name: node }, spec: { nodeName: node, hostNetwork: true, dnsPolicy: 'Default', containers: [] } }
}

/**
 * The destination address as an IP: literal IPs as they are; names through
 * the cluster DNS as the source's resolver asks it (search path of the
 * pod's namespace). NXDOMAIN, and names from outside the cluster, end the trace.
 */
export function resolveAddress(deps: Pick<TraceEngineDeps, 'dns'>, t: TraceBuilder, source: SourceEnd, address: string, port: number): string {
  const name = address
  if (isIPv4(name.replace(/\.$/, ''))) return name.replace(/\.$/, '')
  const node = source.node ?? 'external'
  const from = endpoint(source.ip, source.port)
  if (source.kind === 'external') {
    t.drop('external', hostDevice, 'Node', { src: from, dst: `${name}:${port}` }, `${name}: not resolvable outside the cluster`, `${name} is a name in the cluster's DNS, which clients outside the cluster do not use; reach a Service from outside through a Node IP and its NodePort.`)
  }
  const dns = deps.dns
  if (!dns) t.drop(node, hostDevice, 'Cluster', { src: from, dst: `${name}:${port}` }, 'no cluster DNS', `The cluster DNS is not running, so ${name} cannot be resolved.`)
  const result = dns.resolve(source.pod ?? hostResolverPod(node), name)
  const server = endpoint(result.resolvConf.nameservers[0] ?? dns.clusterDNSIP(), 53)
  const a = result.answers.find((r) => r.type === 'A')
  if (result.rcode === 'TIMEOUT') {
    t.drop(node, hostDevice, 'Cluster', { src: from, dst: server }, `no answer from ${server} (kube-dns has no ready endpoint)`, `${name} cannot be resolved: the query to the cluster DNS at ${server} got no answer, because the kube-dns Service in kube-system has no ready endpoint (no CoreDNS pod is Running and Ready). Check the coredns Deployment and its pods.`)
  }
  if (result.rcode !== 'NOERROR' || !a) {
    const tried = result.queries.map((q) => q.name).join(', ')
    t.drop(node, hostDevice, 'Cluster', { src: from, dst: server }, `${result.rcode === 'NOERROR' ? 'NODATA' : result.rcode} for ${name} (asked ${tried || name})`, `${name} does not resolve (${result.rcode === 'NOERROR' ? 'no A record' : result.rcode}): no Service or pod has that name in the cluster DNS (tried ${tried || name}).`)
  }
  const answer = result.answers.map((r) => `${r.name} ${r.ttl} IN ${r.type} ${r.data}`).join('; ')
  t.hop(node, hostDevice, 'Cluster', { src: from, dst: endpoint(a.data, port) }, 'resolve', `DNS ${server}: ${answer}`)
  return a.data
}
