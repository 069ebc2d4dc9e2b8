import { createHash } from 'node:crypto'

/**
 * Device names and link-layer addresses as the real plugins make them, but
 * stable: the bridge CNI plugin names a pod's host-side veth `veth` plus 8
 * random hex digits (ip.RandomVethName); here the digits come from the pod's
 * uid, so the same pod always has the same veth.
 */

function digest(seed: string): Buffer {
  return createHash('sha1').update(seed).digest()
}

/** `veth3f9a01bc` for a pod uid. */
export function vethName(podUID: string): string {
  return `veth${digest(podUID).subarray(0, 4).toString('hex')}`
}

/** A locally administered unicast MAC (as the kernel gives bridges, veths and VXLAN devices) from a seed. */
export function macFor(seed: string): string {
  const b = digest(seed)
  b[0] = (b[0] & 0xfe) | 0x02
  return [...b.subarray(0, 6)].map((x) => x.toString(16).padStart(2, '0')).join(':')
}

/** Docker's MAC for a container address: 02:42 then the four IPv4 octets (a kind node's eth0). */
export function dockerMac(ip: string): string {
  return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':')
}
