import { createHash } from 'node:crypto'
import type { EndpointAddress, EndpointPort, EndpointSubset } from 'kubernetes-types/core/v1'
import { memoizeFrozen } from '../../apimachinery/frozen-memo'

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
const noPort: EndpointPort = Object.freeze({ port: -1 })
const noPorts: readonly EndpointPort[] = Object.freeze([noPort])

/**
 * Go's bytewise string order (UTF-8). UTF-16 code units order the same way
 * except where a surrogate meets a unit above it, which only non-BMP text
 * (never an IP) reaches: then the UTF-8 bytes decide.
 */
function compareBytewise(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const ca = a.charCodeAt(i)
    const cb = b.charCodeAt(i)
    if (ca === cb) continue
    if (ca < 0xd800 && cb < 0xd800) return ca - cb
    return Buffer.compare(Buffer.from(a), Buffer.from(b))
  }
  return a.length - b.length
}

/** LessEndpointAddress: by IP (bytewise), then by target UID; no target sorts first. */
export function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return compareBytewise(a.ip, b.ip)
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

function computePortKey(p: EndpointPort): string {
  return `${p.name ?? ''}\u0000${p.port}\u0000${p.protocol ?? ''}\u0000${p.appProtocol === undefined ? '' : `=${p.appProtocol}`}`
}

/**
 * Keys of frozen ports and addresses, computed once: the controller's
 * subsets are frozen and kept per pod version (pod-memo.ts), so a sync of a
 * Service of a thousand pods would otherwise build two thousand strings that
 * the last sync built already.
 */
/** One port as a key part: equal for equal ports. */
export const portKey = memoizeFrozen(computePortKey)

/** An address's identity for deduplication: its IP and pod UID. */
const addressKey = memoizeFrozen((addr: EndpointAddress): string => `${addr.ip}\u0000${addr.targetRef?.uid ?? ''}`)

/** A deep copy of an address: its fields are strings but for targetRef, whose fields are strings too. */
function cloneAddress(addr: EndpointAddress): EndpointAddress {
  return addr.targetRef ? { ...addr, targetRef: { ...addr.targetRef } } : { ...addr }
}

/** Expands subsets into, per port, the addresses serving it (deduplicated by IP and pod UID). */
function addressesByPort(subsets: readonly EndpointSubset[]): Map<string, PortAddresses> {
  const all = new Map<string, EndpointAddress>()
  const byPort = new Map<string, PortAddresses>()
  const add = (addr: EndpointAddress, port: EndpointPort, ready: boolean): void => {
    const key = addressKey(addr)
    let existing = all.get(key)
    if (!existing) {
      // A frozen address cannot change under the packed result: it is kept as it is.
      existing = Object.isFrozen(addr) ? addr : cloneAddress(addr)
      all.set(key, existing)
    }
    const pk = portKey(port)
    let entry = byPort.get(pk)
    if (!entry) byPort.set(pk, (entry = { port, addresses: new Map() }))
    // Not ready on one listing of the port wins over ready on another.
    if (entry.addresses.get(existing) !== false) entry.addresses.set(existing, ready)
  }
  for (const ss of subsets) {
    for (const port of ss.ports?.length ? ss.ports : noPorts) {
      for (const a of ss.addresses ?? []) add(a, port, true)
      for (const a of ss.notReadyAddresses ?? []) add(a, port, false)
    }
  }
  return byPort
}

/**
 * A key for a set of addresses with their readiness. The addresses were
 * deduplicated by IP and pod UID (addressesByPort), so those name them.
 */
function addressSetKey(addresses: Map<EndpointAddress, boolean>): string {
  const entries: string[] = []
  for (const [a, ready] of addresses) entries.push(`${a.ip}\u0000${a.targetRef?.uid ?? ''}\u0000${ready ? 1 : 0}`)
  return entries.sort().join('\n')
}

/** RepackSubsets. */
export function repackSubsets(subsets: readonly EndpointSubset[]): EndpointSubset[] {
  const groups = new Map<string, { addresses: Map<EndpointAddress, boolean>; ports: EndpointPort[] }>()
  const byPort = addressesByPort(subsets)
  for (const { port, addresses } of byPort.values()) {
    // One port (the common case) makes one group: no key needed.
    const key = byPort.size === 1 ? '' : addressSetKey(addresses)
    let group = groups.get(key)
    if (!group) groups.set(key, (group = { addresses, ports: [] }))
    if (port.port > 0) group.ports.push(port)
  }
  const packed: EndpointSubset[] = []
  for (const { addresses, ports } of groups.values()) {
    const ready: EndpointAddress[] = []
    const notReady: EndpointAddress[] = []
    for (const [a, r] of addresses) (r ? ready : notReady).push(a)
    const subset: EndpointSubset = {}
    if (ready.length) subset.addresses = ready
    if (notReady.length) subset.notReadyAddresses = notReady
    if (ports.length) subset.ports = ports
    packed.push(subset)
  }
  return sortSubsets(packed)
}

/**
 * RepackSubsets of subsets that all serve the same ports (every selected pod
 * serves each of the Service's ports, the usual case), given their addresses
 * once each: one subset, laid out as RepackSubsets lays it out, without
 * expanding it into (address, port) facts first.
 */
export function packOneGroup(ready: EndpointAddress[], notReady: EndpointAddress[], ports: readonly EndpointPort[]): EndpointSubset[] {
  if (ready.length === 0 && notReady.length === 0) return []
  const subset: EndpointSubset = {}
  if (ready.length) subset.addresses = ready
  if (notReady.length) subset.notReadyAddresses = notReady
  if (ports.length) subset.ports = [...ports]
  return sortSubsets([subset])
}

/** SortSubsets: addresses by IP and UID, ports and subsets by hash. Sorts in place and returns the list. */
export function sortSubsets(subsets: EndpointSubset[]): EndpointSubset[] {
  for (const ss of subsets) {
    if (ss.addresses) sortAddresses(ss.addresses)
    if (ss.notReadyAddresses) sortAddresses(ss.notReadyAddresses)
    if (ss.ports) sortByHash(ss.ports)
  }
  return sortByHash(subsets)
}

/** UTF-16 text without surrogates or anything above them: its code-unit order is its UTF-8 byte order. */
const fromSurrogates = /[\ud800-\uffff]/

/** Native string order: right for IPs and UIDs of text below the surrogates (always, for the API's validated IPs). */
function compareNative(a: EndpointAddress, b: EndpointAddress): number {
  if (a.ip !== b.ip) return a.ip < b.ip ? -1 : 1
  const ua = a.targetRef?.uid
  const ub = b.targetRef?.uid
  if (ub === undefined) return ua === undefined ? 0 : 1
  if (ua === undefined) return -1
  return ua < ub ? -1 : ua > ub ? 1 : 0
}

/** Sorts addresses by compareAddresses, with the engine's own string comparison when it gives the same order. */
function sortAddresses(addresses: EndpointAddress[]): void {
  const plain = !addresses.some((a) => fromSurrogates.test(a.ip))
  addresses.sort(plain ? compareNative : compareAddresses)
}

/** Sorts by the MD5 of each item, hashing each once (not once per comparison). */
function sortByHash<T>(items: T[]): T[] {
  if (items.length < 2) return items
  const hashes = new Map(items.map((item) => [item, md5(item)]))
  return items.sort((a, b) => Buffer.compare(hashes.get(a)!, hashes.get(b)!))
}
