import type { Endpoints } from 'kubernetes-types/core/v1'
import type { EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { TableColumn } from '../types'
import { ageColumn, column, listWithMore, nameColumn } from './common'
import { docs } from './descriptions'

/** net.JoinHostPort: IPv6 addresses in brackets. */
function joinHostPort(host: string, port: number | undefined): string {
  return host.includes(':') ? `[${host}]:${port ?? 0}` : `${host}:${port ?? 0}`
}

/**
 * formatEndpoints: `ip:port` for every ready address and port (bare IPs for a
 * subset without ports), the first three then ` + N more...`; `<none>`
 * without subsets.
 */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? []
  if (subsets.length === 0) return '<none>'
  const max = 3
  const list: string[] = []
  let count = 0
  let more = false
  for (const ss of subsets) {
    const addresses = ss.addresses ?? []
    const ports = ss.ports ?? []
    if (ports.length === 0) {
      // A headless service may have no ports.
      count += addresses.length
      for (const a of addresses) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(a.ip)
      }
      continue
    }
    for (const port of ports) {
      count += addresses.length
      for (const a of addresses) {
        if (list.length === max) {
          more = true
          break
        }
        list.push(joinHostPort(a.ip, port.port))
      }
    }
  }
  const text = list.join(',')
  return more ? `${text} + ${count - max} more...` : text
}

export const endpointsColumns: TableColumn<Endpoints>[] = [nameColumn(), column('Endpoints', docs.endpointsSubsets, formatEndpoints), ageColumn()]

/** formatDiscoveryPorts: port numbers (the name, or `*`, for a port without a number). */
export function formatSlicePorts(slice: EndpointSlice): string {
  return listWithMore((slice.ports ?? []).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined && p.name !== null ? p.name : '*')))
}

/** formatDiscoveryEndpoints: every address of every endpoint. */
export function formatSliceEndpoints(slice: EndpointSlice): string {
  return listWithMore((slice.endpoints ?? []).flatMap((e) => e.addresses ?? []))
}

export const endpointSliceColumns: TableColumn<EndpointSlice>[] = [
  nameColumn(),
  column('AddressType', docs.endpointSliceAddressType, (s) => s.addressType ?? ''),
  column('Ports', docs.endpointSlicePorts, formatSlicePorts),
  column('Endpoints', docs.endpointSliceEndpoints, formatSliceEndpoints),
  ageColumn()
]
