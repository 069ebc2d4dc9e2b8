/**
 * Device names and link-layer addresses as the real plugins make them, but
 * stable: the bridge CNI plugin names a pod's host-side veth `veth` plus 8
 * random hex digits (ip.RandomVethName); here the digits come from the pod's
 * uid, so the same pod always has the same veth. Hashes are FNV-1a: cheap,
 * as every trace names the veths it crosses.
 */

function fnv1a(text: string, basis = 0x811c9dc5): number {
  let h = basis
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193)
  return h >>> 0
}

const hex8 = (n: number): string => n.toString(16).padStart(8, '0')

/** `veth3f9a01bc` for a pod uid. */
export function vethName(podUID: string): string {
  return `veth${hex8(fnv1a(podUID))}`
}

/** A locally administered unicast MAC (as the kernel gives bridges, veths and VXLAN devices) from a seed. */
export function macFor(seed: string): string {
  const bytes = hex8(fnv1a(seed)) + hex8(fnv1a(seed, 0x050c5d1f))
  const first = ((parseInt(bytes.slice(0, 2), 16) & 0xfe) | 0x02).toString(16).padStart(2, '0')
  return [first, bytes.slice(2, 4), bytes.slice(4, 6), bytes.slice(6, 8), bytes.slice(8, 10), bytes.slice(10, 12)].join(':')
}

/** Docker's MAC for a container address: 02:42 then the four IPv4 octets (a kind node's eth0). */
export function dockerMac(ip: string): string {
  return ['02', '42', ...ip.split('.').map((o) => Number(o).toString(16).padStart(2, '0'))].join(':')
}
