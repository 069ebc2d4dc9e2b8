import type { NetDevice } from './devices'
import type { Route } from './routes'

/**
 * Text as iproute2 prints it: `ip addr` (ip -d would add more; this is the
 * plain form) and `ip route`.
 */

function flags(d: NetDevice): string {
  if (d.kind === 'loopback') return '<LOOPBACK,UP,LOWER_UP>'
  return '<BROADCAST,MULTICAST,UP,LOWER_UP>'
}

function linkName(d: NetDevice): string {
  return d.peerIndex !== undefined ? `${d.name}@if${d.peerIndex}` : d.name
}

function state(d: NetDevice): string {
  return d.kind === 'loopback' || d.kind === 'vxlan' ? 'UNKNOWN' : 'UP'
}

/** One device's lines. */
export function ipAddrDevice(d: NetDevice): string {
  const qlen = d.kind === 'loopback' || d.kind === 'bridge' ? ' qlen 1000' : ''
  const master = d.master ? ` master ${d.master}` : ''
  const lines = [`${d.index}: ${linkName(d)}: ${flags(d)} mtu ${d.mtu} qdisc noqueue${master} state ${state(d)} group default${qlen}`]
  const link = d.kind === 'loopback' ? 'link/loopback' : 'link/ether'
  const brd = d.kind === 'loopback' ? '00:00:00:00:00:00' : 'ff:ff:ff:ff:ff:ff'
  let linkLine = `    ${link} ${d.mac} brd ${brd}`
  if (d.linkNetns !== undefined) linkLine += /^\d+$/.test(d.linkNetns) ? ` link-netnsid ${d.linkNetns}` : ` link-netns ${d.linkNetns}`
  lines.push(linkLine)
  for (const a of d.addresses) {
    const brdPart = a.brd ? ` brd ${a.brd}` : ''
    lines.push(`    inet ${a.cidr}${brdPart} scope ${a.scope} ${d.name}`)
    lines.push('       valid_lft forever preferred_lft forever')
  }
  return lines.join('\n')
}

/** `ip addr` for a list of devices. */
export function ipAddrText(devices: readonly NetDevice[]): string {
  return devices.map(ipAddrDevice).join('\n') + '\n'
}

/** One route as `ip route` prints it (with its trailing space, as iproute2 does). */
export function routeLine(r: Route): string {
  let s = r.dst
  if (r.via) s += ` via ${r.via}`
  s += ` dev ${r.dev}`
  if (r.proto) s += ` proto ${r.proto}`
  if (r.scope) s += ` scope ${r.scope}`
  if (r.src) s += ` src ${r.src}`
  if (r.onlink) s += ' onlink'
  return s + ' '
}

/** `ip route` for a routing table. */
export function ipRouteText(routes: readonly Route[]): string {
  return routes.map(routeLine).join('\n') + (routes.length ? '\n' : '')
}
