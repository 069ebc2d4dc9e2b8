import { createHash } from 'node:crypto'
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1'

/**
 * RepackSubsets (pkg/api/v1/endpoints): expands subsets to one
 * (address, port) fact each and packs them back in the canonical layout:
 * one subset per distinct set of addresses, holding every port those
 * addresses serve, addresses sorted by IP then pod UID, ports and subsets
 * in a fixed order. An address not ready on any port is not ready.
 *
 * Kubernetes orders ports and subsets by an MD5 of Go's struct dump; we
 * use an MD5 of their canonical JSON, which is as stable, though the order
 * of several subsets (or ports) may differ from a real cluster's.
 */

/** One port's addresses, each with whether it is ready. */
interface PortAddresses {
  port: EndpointPort
  addresses: Map<EndpointAddress, boolean>
}

/** The port-less sentinel: addresses without ports are kept, in a subset without ports. */
const noPort: EndpointPort = { port: -1 }

/** LessEndpointAddress: by IP (bytewise), then by target UID; no target sorts first. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return Buffer.compare(Buffer.from(a.ip), Buffer.from(b.ip))
  const ua = a.targetRef?.uid
  const ub = b.targetRef?.uid
  if (ub === undefined) return ua === undefined ? 0 : 1
  if (ua === undefined) return -1
  return ua < ub ? -1 : ua > ub ? 1 : 0
}

/** JSON with sorted keys, so equal values hash equal. */
function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (_, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v
  )
}

function md5(value: unknown): Buffer {
  return createHash('md5').update(canonicalJSON(value)).digest()
}

function portKey(p: EndpointPort): string {
  return JSON.stringify([p.name ?? '', p.port, p.protocol ?? '', p.appProtocol ?? null])
}

/** Expands subsets into, per port, the addresses serving it (deduplicated by IP and pod UID). */
function addressesByPort(subsets: readonly EndpointSubset[]): Map<string, PortAddresses> {
  const all = new Map<string, EndpointAddress>()
  const byPort = new Map<string, PortAddresses>()
  const add = (addr: EndpointAddress, port: EndpointPort, ready: boolean): void => {
    const key = JSON.stringify([addr.ip, addr.targetRef?.uid ?? ''])
    let existing = all.get(key)
    if (!existing) {
      existing = structuredClone(addr)
      all.set(key, existing)
    }
    let entry = byPort.get(portKey(port))
    if (!entry) byPort.set(portKey(port), (entry = { port, addresses: new Map() }))
    // Not ready on one listing of the port wins over ready on another.
    if (entry.addresses.get(existing) !== false) entry.addresses.set(existing, ready)
  }
  for (const ss of subsets) {
    for (const port of ss.ports?.length ? ss.ports : [noPort]) {
      for (const a of ss.addresses ?? []) add(a, port, true)
      for (const a of ss.notReadyAddresses ?? []) add(a, port, false)
    }
  }
  return byPort
}

/** A key for a set of addresses with their readiness. */
function addressSetKey(addresses: Map<EndpointAddress, boolean>): string {
  const sorted = [...addresses].sort(([a], [b]) => compareAddresses(a, b))
  return md5(sorted).toString('hex')
}

/** RepackSubsets. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const groups = new Map<string, { addresses: Map<EndpointAddress, boolean>; ports: EndpointPort[] }>()
  for (const { port, addresses } of addressesByPort(subsets).values()) {
    const key = addressSetKey(addresses)
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { addresses, ports: [] }))
    if (port.port > 0) group.ports.push(port)
  }
  const packed: EndpointSubset[] = []
  for (const { addresses, ports } of groups.values()) {
    const ready = [...addresses].filter(([, r]) => r).map(([a]) => a)
    const notReady = [...addresses].filter(([, r]) => !r).map(([a]) => a)
    const subset: EndpointSubset = {}
    if (ready.length) subset.addresses = ready
    if (notReady.length) subset.notReadyAddresses = notReady
    if (ports.length) subset.ports = ports
    packed.push(subset)
  }
  return sortSubsets(packed)
}

/** SortSubsets: addresses by IP and UID, ports and subsets by hash. Sorts in place and returns the list. */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const ss of subsets) {
    ss.addresses?.sort(compareAddresses)
    ss.notReadyAddresses?.sort(compareAddresses)
    ss.ports?.sort((a, b) => Buffer.compare(md5(a), md5(b)))
  }
  return subsets.sort((a, b) => Buffer.compare(md5(a), md5(b)))
}
