/**
 * IPv4 addresses as 32-bit integers: what routing and CIDR matching work on.
 * Parsing is strict dotted-quad; anything else is undefined.
 */

/** `10.244.1.5` -> 0x0af40105; undefined when not a dotted-quad IPv4 address. */
export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.')
  if (parts.length !== 4) return undefined
  let n = 0
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined
    const octet = Number(part)
    if (octet > 255) return undefined
    n = n * 256 + octet
  }
  return n
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.')
}

/** A parsed CIDR: its network address (as an integer) and prefix length. */
export interface Cidr {
  network: number
  bits: number
}

/** `10.244.1.0/24` -> { network, bits }; undefined when unreadable. */
export function parseCidr(cidr: string): Cidr | undefined {
  const slash = cidr.indexOf('/')
  if (slash < 0) return undefined
  const addr = ipToInt(cidr.slice(0, slash))
  const bits = Number(cidr.slice(slash + 1))
  if (addr === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined
  return { network: maskOf(addr, bits), bits }
}

/** The network address of ip under a prefix length. */
export function maskOf(ip: number, bits: number): number {
  if (bits === 0) return 0
  return (ip & (~0 << (32 - bits))) >>> 0
}

export function cidrContains(cidr: Cidr, ip: number): boolean {
  return maskOf(ip, cidr.bits) === cidr.network
}

/** The i-th address of a CIDR (1: the first host address, as a bridge or gateway holds). */
export function nthAddress(cidr: Cidr, i: number): string {
  return intToIp(cidr.network + i)
}

export function cidrString(cidr: Cidr): string {
  return `${intToIp(cidr.network)}/${cidr.bits}`
}
