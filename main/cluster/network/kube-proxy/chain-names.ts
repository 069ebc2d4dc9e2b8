import { createHash } from 'node:crypto'
import type { ServicePortName } from './types'

/**
 * kube-proxy's chain names (pkg/proxy/iptables/proxier.go): a prefix and the
 * first 16 characters of base32(sha256(servicePortName + protocol [+ endpoint])),
 * with the protocol in lower case. Stable across restarts and nodes, so
 * `default/kubernetes:https` is KUBE-SVC-NPX46M4PTMTKRN6Y on every cluster.
 */

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** RFC 4648 base32 (Go's base32.StdEncoding), without padding: the first 16 characters are all we use. */
export function base32(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(buffer >>> (bits - 5)) & 31]
      bits -= 5
    }
    buffer &= (1 << bits) - 1
  }
  if (bits > 0) out += alphabet[(buffer << (5 - bits)) & 31]
  return out
}

function hash16(text: string): string {
  return base32(createHash('sha256').update(text).digest()).slice(0, 16)
}

/** ServicePortName.String(): `namespace/name:port`, or `namespace/name` for an unnamed port. */
export function servicePortNameString(spn: ServicePortName): string {
  return `${spn.namespace}/${spn.name}${spn.port ? `:${spn.port}` : ''}`
}

/** portProtoHash: the 16 characters shared by a service port's KUBE-SVC/SVL/EXT/FW chains. */
export function portProtoHash(spn: ServicePortName): string {
  return hash16(servicePortNameString(spn) + spn.protocol.toLowerCase())
}

/** The chains of one service port. */
export interface ServiceChainNames {
  /** KUBE-SVC-: the Cluster traffic policy chain (every usable endpoint). */
  cluster: string
  /** KUBE-SVL-: the Local traffic policy chain (this node's endpoints). */
  local: string
  /** KUBE-EXT-: where NodePort, external and load-balancer traffic enters. */
  external: string
  /** KUBE-FW-: the load-balancer source-range firewall. */
  firewall: string
}

export function serviceChainNames(spn: ServicePortName): ServiceChainNames {
  const hash = portProtoHash(spn)
  return { cluster: `KUBE-SVC-${hash}`, local: `KUBE-SVL-${hash}`, external: `KUBE-EXT-${hash}`, firewall: `KUBE-FW-${hash}` }
}

/**
 * Endpoint chain names already hashed, in two generations: the current one
 * fills up, then becomes the old one (its hits move back to the current), so
 * the names of endpoints still in use survive and the rest are dropped. The
 * real kube-proxy keeps the name in its endpoint info for the same reason: a
 * Service with a thousand endpoints is re-synced on every endpoint change.
 */
const sepCacheLimit = 32_768
let sepNames = new Map<string, string>()
let oldSepNames = new Map<string, string>()

/** servicePortEndpointChainName: KUBE-SEP- for one endpoint (`ip:port`) of a service port. */
export function endpointChainName(spn: ServicePortName, endpoint: string): string {
  const input = servicePortNameString(spn) + spn.protocol.toLowerCase() + endpoint
  let name = sepNames.get(input)
  if (name !== undefined) return name
  name = oldSepNames.get(input) ?? `KUBE-SEP-${hash16(input)}`
  if (sepNames.size >= sepCacheLimit) {
    oldSepNames = sepNames
    sepNames = new Map()
  }
  sepNames.set(input, name)
  return name
}
