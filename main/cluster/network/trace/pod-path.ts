import type { Pod } from 'kubernetes-types/core/v1'
import { bridgeDevice, hostDevice, overlayDevice, vxlanID, vxlanPort } from '../node-network/devices'
import { nthAddress } from '../node-network/ipv4'
import { vethName, macFor } from '../node-network/names'
import { routeLine } from '../node-network/iproute2'
import type { Route } from '../node-network/routes'
import type { NodeFacts } from '../node-network/node-facts'
import type { NetworkIndex } from './network-index'
import { nodeDownReason } from './node-health'
import { endpoint, type Addresses, type TraceBuilder } from './trace-builder'

/**
 * A packet's way from a node's netfilter to a pod address: onto the local
 * bridge when the pod lives on this node, else out through flannel.1
 * (VXLAN: Node IPs outside, Pod IPs inside) to the pod's node, decapsulated
 * there and bridged to the pod's veth.
 */

function localRoute(n: NodeFacts): Route {
  return { dst: n.podCIDR!, dev: bridgeDevice, proto: 'kernel', scope: 'link', src: nthAddress(n.cidr!, 1) }
}

function overlayRoute(peer: NodeFacts): Route {
  return { dst: peer.podCIDR!, via: nthAddress(peer.cidr!, 0), dev: overlayDevice, onlink: true }
}

/** A stable UDP source port for the outer VXLAN header (the kernel hashes the inner flow). */
function vxlanSourcePort(inner: Addresses): number {
  let h = 0
  for (const c of inner.src + inner.dst) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return 32768 + (h % 28232)
}

/** The route the packet takes on `from` towards a pod address: the node holding that podCIDR, and the device out. */
export function routeOnNode(index: NetworkIndex, t: TraceBuilder, from: string, at: Addresses, dstIP: string): { target: string; device: string; address: string } {
  const here = index.facts(from)
  const target = index.nodeForPodIP(dstIP)
  if (!here?.cidr) t.drop(from, '', 'Pod', at, `node ${from} has no podCIDR`, `Node ${from} has no pod network (no podCIDR).`)
  if (!target) t.drop(from, hostDevice, 'Pod', at, `no route: ${dstIP} is in no node's podCIDR`, `No node's podCIDR holds ${dstIP}, so no pod can have that address.`)
  if (target === from) {
    t.hop(from, bridgeDevice, 'Pod', at, 'route', `route ${routeLine(localRoute(here)).trim()}`)
    return { target, device: bridgeDevice, address: nthAddress(here.cidr, 1) }
  }
  t.hop(from, overlayDevice, 'Pod', at, 'route', `route ${routeLine(overlayRoute(index.facts(target)!)).trim()}`)
  return { target, device: overlayDevice, address: nthAddress(here.cidr, 0) }
}

/** Across the node network: VXLAN-encapsulated on `from` (Node IPs outside, Pod IPs inside), decapsulated and bridged on `target`. */
export function crossToNode(index: NetworkIndex, t: TraceBuilder, from: string, target: string, at: Addresses, dstIP: string): void {
  if (target === from) return
  const here = index.facts(from)!
  const peer = index.facts(target)!
  const down = nodeDownReason(index.node(target), target)
  const outer = { src: endpoint(here.ip ?? '', vxlanSourcePort(at)), dst: endpoint(peer.ip ?? '', vxlanPort) }
  const fdb = `fdb ${macFor(`${target}/${overlayDevice}`)} dst ${peer.ip} self permanent`
  t.hop(from, hostDevice, 'Node', outer, 'encapsulate', `VXLAN VNI ${vxlanID} (${overlayDevice}): inner ${at.src} > ${at.dst}, outer ${here.ip} > ${peer.ip} UDP ${vxlanPort}; ${fdb}`)
  if (down) t.drop(target, hostDevice, 'Node', outer, `node ${target} does not answer`, `The packet cannot reach ${dstIP}: ${down}.`)
  t.hop(target, overlayDevice, 'Pod', at, 'decapsulate', `VXLAN VNI ${vxlanID} from ${here.ip}: inner ${at.src} > ${at.dst}`)
  t.hop(target, bridgeDevice, 'Pod', at, 'route', `route ${routeLine(localRoute(peer)).trim()}`)
}

/** The last steps onto a pod: the bridge forwards to the pod's veth, and something must listen on the port. */
export function deliverToPod(t: TraceBuilder, node: string, pod: Pod, at: Addresses, port: number, protocol: string, listening: { port: number; protocol: string; container: string }[]): void {
  const veth = vethName(pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`)
  const name = `${pod.metadata?.namespace}/${pod.metadata?.name}`
  t.hop(node, veth, 'Pod', at, 'bridge', `${bridgeDevice} forwards to ${veth} (pod ${name}, eth0)`)
  if (protocol === 'ICMP') {
    t.hop(node, hostDevice, 'Pod', at, 'deliver', `the kernel of pod ${name} answers the ICMP echo request`)
    return
  }
  const listener = listening.find((l) => l.port === port && l.protocol === protocol)
  if (!listener) {
    const open = listening.length ? listening.map((l) => `${l.port}/${l.protocol} (${l.container})`).join(', ') : 'no port'
    const refused = protocol === 'UDP' ? 'ICMP port unreachable' : 'TCP RST (connection refused)'
    t.drop(node, hostDevice, 'Pod', at, `${refused}: nothing listens on ${port}/${protocol} in pod ${name}; it listens on ${open}`, `Nothing in pod ${name} listens on ${port}/${protocol} (its containers listen on ${open}), so the connection is refused.`)
  }
  t.hop(node, hostDevice, 'Pod', at, 'deliver', `container ${listener.container} of pod ${name} listens on ${port}/${protocol}`)
}
