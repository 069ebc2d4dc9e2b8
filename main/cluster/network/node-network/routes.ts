import { cidrContains, ipToInt, nthAddress, parseCidr } from './ipv4'
import { bridgeDevice, hostDevice, overlayDevice } from './devices'
import type { NodeFacts } from './node-facts'

/** One routing table entry, as `ip route` prints it. */
export interface Route {
  /** `default` or a CIDR. */
  dst: string
  via?: string
  dev: string
  proto?: 'kernel'
  scope?: 'link'
  src?: string
  onlink?: boolean
  /** For routes through the VXLAN device: the Node IP of the VTEP the FDB maps the next hop to (not printed by `ip route`). */
  peer?: string
  /** For routes through the VXLAN device: the node behind it. */
  peerNode?: string
}

/** The gateway of the node network: its first address (kind's docker bridge, 172.18.0.1). */
export function nodeGateway(nodeCIDR: string): string | undefined {
  const c = parseCidr(nodeCIDR)
  return c ? nthAddress(c, 1) : undefined
}

/**
 * A node's main routing table: default via the node network's gateway out of
 * eth0; the node network on eth0; the local podCIDR on cni0; every other
 * node's podCIDR via that node's flannel.1 address on flannel.1 (onlink),
 * whose FDB entry points at that node's IP. Sorted as `ip route` lists them.
 */
export function nodeRoutes(node: NodeFacts, nodes: readonly NodeFacts[], nodeCIDR: string): Route[] {
  const routes: Route[] = []
  const gateway = nodeGateway(nodeCIDR)
  const nodeNet = parseCidr(nodeCIDR)
  if (node.ip && gateway) routes.push({ dst: 'default', via: gateway, dev: hostDevice })
  if (node.ip && nodeNet) routes.push({ dst: `${nthAddress(nodeNet, 0)}/${nodeNet.bits}`, dev: hostDevice, proto: 'kernel', scope: 'link', src: node.ip })
  if (node.cidr && node.podCIDR) routes.push({ dst: node.podCIDR, dev: bridgeDevice, proto: 'kernel', scope: 'link', src: nthAddress(node.cidr, 1) })
  for (const other of nodes) {
    if (other.name === node.name || !other.cidr || !other.podCIDR || !other.ip) continue
    routes.push({ dst: other.podCIDR, via: nthAddress(other.cidr, 0), dev: overlayDevice, onlink: true, peer: other.ip, peerNode: other.name })
  }
  return sortRoutes(routes)
}

/** The routing table inside a pod: default and the cluster's pod network via the bridge address, the node's podCIDR on eth0. */
export function podRoutes(podIP: string, node: NodeFacts, clusterPodCIDR: string): Route[] {
  if (!node.cidr || !node.podCIDR) return []
  const gw = nthAddress(node.cidr, 1)
  return sortRoutes([
    { dst: 'default', via: gw, dev: hostDevice },
    { dst: clusterPodCIDR, via: gw, dev: hostDevice },
    { dst: node.podCIDR, dev: hostDevice, proto: 'kernel', scope: 'link', src: podIP }
  ])
}

/** The route the kernel picks for dst: longest prefix wins; undefined when nothing matches. */
export function lookupRoute(routes: readonly Route[], dst: string): Route | undefined {
  const ip = ipToInt(dst)
  if (ip === undefined) return undefined
  let best: Route | undefined
  let bestBits = -1
  for (const r of routes) {
    const bits = r.dst === 'default' ? 0 : (parseCidr(r.dst)?.bits ?? -1)
    if (bits <= bestBits) continue
    if (r.dst === 'default' || cidrContains(parseCidr(r.dst)!, ip)) {
      best = r
      bestBits = bits
    }
  }
  return best
}

function sortRoutes(routes: Route[]): Route[] {
  const key = (r: Route): number => (r.dst === 'default' ? -1 : (ipToInt(r.dst.split('/')[0]) ?? 0))
  return routes.sort((a, b) => key(a) - key(b))
}
