import type { Endpoints, Pod, Service } from 'kubernetes-types/core/v1'
import { badRequest, notFoundPath, serviceUnavailable } from '../../apimachinery/errors'
import type { RequestContext } from './context'

/**
 * Where the apiserver sends a pods/proxy or services/proxy request, found
 * as the registry's ResourceLocation finds it
 * (pkg/registry/core/pod/strategy.go, pkg/registry/core/service/storage):
 * the pod's IP and the port the id names (or its first container port);
 * for a Service, a random ready address of its Endpoints on the port the id
 * names. Errors are the registry's, word for word.
 */

/** A backend to dial: scheme (http or https), IP and port. */
export interface ProxyLocation {
  scheme: string
  ip: string
  port: number
}

const validSchemes = new Set(['', 'http', 'https'])

/** `name`, `name:port` or `scheme:name:port` (utilnet.SplitSchemeNamePort); undefined when malformed. */
export function splitSchemeNamePort(id: string): { scheme: string; name: string; port: string } | undefined {
  const parts = id.split(':')
  let scheme = ''
  let name: string
  let port = ''
  if (parts.length === 1) name = parts[0]
  else if (parts.length === 2) [name, port] = parts
  else if (parts.length === 3) [scheme, name, port] = parts
  else return undefined
  return name && validSchemes.has(scheme) ? { scheme, name, port } : undefined
}

const ipv4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/

/** Go's IP.IsGlobalUnicast for IPv4: not unspecified, loopback, link-local, multicast or broadcast. */
function isGlobalUnicast(ip: string): boolean {
  if (!ipv4.test(ip)) return false
  const [a, b] = ip.split('.').map(Number)
  return ip !== '0.0.0.0' && ip !== '255.255.255.255' && a !== 127 && a < 224 && !(a === 169 && b === 254) && a !== 0
}

/** A port as the dialer reads it: a number, or the scheme's default when none. */
function portNumber(port: string, scheme: string): number {
  if (port === '') return scheme === 'https' ? 443 : 80
  const named: Record<string, number> = { http: 80, https: 443 }
  if (named[port]) return named[port]
  const n = Number(port)
  // Go's dialer looks a non-numeric port up as a service name; pods serve none of those.
  if (!/^\d+$/.test(port) || n > 65535) throw serviceUnavailable(`error trying to reach service: dial tcp: lookup port ${port}: unknown port`)
  return n
}

/** The pod and port of `pods/<id>/proxy`. */
export function podLocation(ctx: RequestContext): ProxyLocation {
  const id = ctx.info.name!
  const parsed = splitSchemeNamePort(id)
  if (!parsed) throw badRequest(`invalid pod request "${id}"`)
  const pod = ctx.rs.get(ctx.info.namespace, parsed.name, 'v1') as unknown as Pod
  let port = parsed.port
  if (port === '') {
    // No port named: the first port any container declares.
    const declared = pod.spec?.containers.find((c) => c.ports?.length)?.ports?.[0]
    if (declared) port = String(declared.containerPort)
  }
  const ip = pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP ?? ''
  if (!isGlobalUnicast(ip)) throw badRequest('address not allowed')
  const scheme = parsed.scheme || 'http'
  return { scheme, ip, port: portNumber(port, scheme) }
}

/** A ready address of the Service `services/<id>/proxy` names, on the port it names. */
export function serviceLocation(ctx: RequestContext): ProxyLocation {
  const id = ctx.info.name!
  const namespace = ctx.info.namespace
  const parsed = splitSchemeNamePort(id)
  if (!parsed) throw badRequest(`invalid service request "${id}"`)
  let portName = parsed.port
  // A port number is looked up among the Service's ports, and stands for that port's name.
  if (/^-?\d+$/.test(portName)) {
    const svc = ctx.rs.get(namespace, parsed.name, 'v1') as unknown as Service
    const match = svc.spec?.ports?.find((p) => p.port === Number(portName))
    if (!match) throw serviceUnavailable(`no service port ${Number(portName)} found for service "${parsed.name}"`)
    portName = match.name ?? ''
  }
  const endpointsStore = ctx.resources.forResource('', 'endpoints')
  const pods = ctx.resources.forResource('', 'pods')
  if (!endpointsStore || !pods) throw notFoundPath()
  const eps = endpointsStore.get(namespace, parsed.name, 'v1') as unknown as Endpoints
  const subsets = eps.subsets ?? []
  if (!subsets.length) throw serviceUnavailable(`no endpoints available for service "${parsed.name}"`)
  // Random subset, then random address, as the registry picks: the same spread kube-proxy gives.
  const seed = Math.floor(Math.random() * subsets.length)
  for (let i = 0; i < subsets.length; i++) {
    const ss = subsets[(seed + i) % subsets.length]
    const addresses = ss.addresses ?? []
    if (!addresses.length) continue
    for (const p of ss.ports ?? []) {
      if ((p.name ?? '') !== portName) continue
      const start = Math.floor(Math.random() * addresses.length)
      for (let t = 0; t < addresses.length; t++) {
        const addr = addresses[(start + t) % addresses.length]
        // isValidAddress: the address names a pod of this namespace that still has that IP.
        const ref = addr.targetRef
        if (!ref || ref.namespace !== namespace) continue
        let pod: Pod
        try {
          pod = pods.get(namespace, ref.name ?? '', 'v1') as unknown as Pod
        } catch {
          continue
        }
        if (!(pod.status?.podIPs ?? []).some((x) => x.ip === addr.ip)) continue
        return { scheme: parsed.scheme || 'http', ip: addr.ip, port: p.port }
      }
    }
  }
  throw serviceUnavailable(`no endpoints available for service "${id}"`)
}
