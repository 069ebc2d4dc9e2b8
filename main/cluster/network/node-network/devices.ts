import type { Pod } from 'kubernetes-types/core/v1'
import { cidrString, intToIp, ipToInt, nthAddress, parseCidr } from './ipv4'
import { dockerMac, macFor, vethName } from './names'
import { hasPodNetwork, type NodeFacts } from './node-facts'

/** One address on a device, as `ip addr` lists it. */
export interface DeviceAddress {
  /** `10.244.1.1/24` */
  cidr: string
  /** Broadcast address, when the device has one. */
  brd?: string
  scope: 'host' | 'global' | 'link'
}

/** One network device (a link), as `ip addr` lists it. */
export interface NetDevice {
  index: number
  name: string
  kind: 'loopback' | 'ether' | 'bridge' | 'veth' | 'vxlan'
  mtu: number
  mac: string
  addresses: DeviceAddress[]
  /** The bridge a veth is enslaved to. */
  master?: string
  /** For a veth end: the interface index of its peer (in the other namespace): `@if<peer>`. */
  peerIndex?: number
  /** For a veth end: the namespace of its peer, as `link-netns` / `link-netnsid`. */
  linkNetns?: string
  /** For the VXLAN device: VNI, local address and UDP port. */
  vxlan?: { id: number; local: string; port: number }
}

/** Flannel's VXLAN MTU: the node's 1500 less the 50 bytes of the outer headers. */
export const overlayMTU = 1450
/** Flannel's VXLAN network identifier and UDP port (the kernel's IANA default, 8472 on Linux). */
export const vxlanID = 1
export const vxlanPort = 8472
export const overlayDevice = 'flannel.1'
export const bridgeDevice = 'cni0'
export const hostDevice = 'eth0'

/** A broadcast address for a CIDR (all host bits set). */
function broadcast(cidr: string): string | undefined {
  const c = parseCidr(cidr)
  if (!c) return undefined
  return intToIp(c.network + 2 ** (32 - c.bits) - 1)
}

function nodePrefixBits(nodeCIDR: string | undefined): number {
  return (nodeCIDR ? parseCidr(nodeCIDR)?.bits : undefined) ?? 16
}

/** The pods on a node that have a veth on its bridge, in a stable order (by pod IP). */
export function bridgedPods(pods: readonly Pod[]): Pod[] {
  return pods.filter(hasPodNetwork).sort((a, b) => (ipToInt(a.status!.podIP!) ?? 0) - (ipToInt(b.status!.podIP!) ?? 0))
}

/**
 * A node's devices: lo, eth0 with the Node IP, flannel.1 (VXLAN, the network
 * address of the podCIDR as /32), cni0 with the first address of the podCIDR,
 * and one veth per pod on the bridge.
 */
export function nodeDevices(node: NodeFacts, pods: readonly Pod[], nodeCIDR?: string): NetDevice[] {
  const devices: NetDevice[] = [loopback()]
  const bits = nodePrefixBits(nodeCIDR)
  if (node.ip) {
    const cidr = `${node.ip}/${bits}`
    devices.push({ index: 2, name: hostDevice, kind: 'ether', mtu: 1500, mac: dockerMac(node.ip), addresses: [{ cidr, brd: broadcast(cidr), scope: 'global' }], linkNetns: '0' })
  }
  if (!node.cidr) return devices
  devices.push({
    index: 3,
    name: overlayDevice,
    kind: 'vxlan',
    mtu: overlayMTU,
    mac: macFor(`${node.name}/${overlayDevice}`),
    addresses: [{ cidr: `${nthAddress(node.cidr, 0)}/32`, scope: 'global' }],
    vxlan: { id: vxlanID, local: node.ip ?? '0.0.0.0', port: vxlanPort }
  })
  const bridgeCidr = `${nthAddress(node.cidr, 1)}/${node.cidr.bits}`
  devices.push({ index: 4, name: bridgeDevice, kind: 'bridge', mtu: overlayMTU, mac: macFor(`${node.name}/${bridgeDevice}`), addresses: [{ cidr: bridgeCidr, brd: broadcast(bridgeCidr), scope: 'global' }] })
  bridgedPods(pods).forEach((pod, i) => {
    devices.push({
      index: 5 + i,
      name: vethName(pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`),
      kind: 'veth',
      mtu: overlayMTU,
      mac: macFor(`${pod.metadata?.uid}/host`),
      addresses: [],
      master: bridgeDevice,
      peerIndex: 2,
      linkNetns: `cni-${pod.metadata?.uid ?? ''}`
    })
  })
  return devices
}

/** The host-side veth of a pod on its node, or undefined when the pod is not on the bridge. */
export function hostVeth(devices: readonly NetDevice[], pod: Pod): NetDevice | undefined {
  const name = vethName(pod.metadata?.uid ?? `${pod.metadata?.namespace}/${pod.metadata?.name}`)
  return devices.find((d) => d.name === name)
}

/** The devices inside a pod's network namespace: lo and eth0 (the pod end of its veth, `eth0@if<host index>`). */
export function podDevices(pod: Pod, node: NodeFacts, hostIndex: number): NetDevice[] {
  const devices: NetDevice[] = [loopback()]
  const ip = pod.status?.podIP
  if (!ip || !node.cidr) return devices
  const cidr = `${ip}/${node.cidr.bits}`
  devices.push({
    index: 2,
    name: hostDevice,
    kind: 'veth',
    mtu: overlayMTU,
    mac: macFor(`${pod.metadata?.uid}/pod`),
    addresses: [{ cidr, brd: broadcast(`${cidrString(node.cidr)}`), scope: 'global' }],
    peerIndex: hostIndex,
    linkNetns: '0'
  })
  return devices
}

function loopback(): NetDevice {
  return { index: 1, name: 'lo', kind: 'loopback', mtu: 65536, mac: '00:00:00:00:00:00', addresses: [{ cidr: '127.0.0.1/8', scope: 'host' }] }
}
