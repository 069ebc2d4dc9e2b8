import ipaddr from 'ipaddr.js'
import type { IPBlock, NetworkPolicy, NetworkPolicyPeer, NetworkPolicyPort } from 'kubernetes-types/networking/v1'
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { isValidPortName, isValidPortNum, nameIsDNSSubdomain } from '../../apimachinery/validation'
import { type LabelSelectorValidationOptions, validateLabelSelector } from '../../apimachinery/label-selector'
import type { ResourceDefinition } from '../types'
import { networkPolicyColumns } from '../columns/simple'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * networking.k8s.io/v1 NetworkPolicy. Defaults as pkg/apis/networking/v1/defaults.go
 * (policyTypes, port protocol), validation as pkg/apis/networking/validation
 * (ports and endPort, peers, ipBlock CIDRs, policyTypes).
 */
export type NetworkPolicyObject = NetworkPolicy & KubeObject

const protocols = ['TCP', 'UDP', 'SCTP'] as const
const policyTypes = ['Ingress', 'Egress'] as const

// ---------------------------------------------------------------- IP addresses, as k8s.io/utils/net parses them

/** Dotted-quad IPv4 as Go's sloppy parser reads it: decimal octets, leading zeros allowed. */
function parseIPv4Sloppy(s: string): number[] | undefined {
  const parts = s.split('.')
  if (parts.length !== 4) return undefined
  const out: number[] = []
  for (const p of parts) {
    if (!/^\d+$/.test(p)) return undefined
    const n = Number(p)
    if (n > 255) return undefined
    out.push(n)
  }
  return out
}

/** An address as Go's net.IP holds it. */
export interface ParsedIP {
  /** 4 bytes when written as dotted IPv4, 16 bytes otherwise. */
  bytes: number[]
  /** Whether Go's To4() is non-nil: dotted IPv4 or an IPv4-mapped IPv6 address. */
  is4: boolean
}

/** netutils.ParseIPSloppy: undefined when the string is no IP address (zones are not addresses). */
export function parseIPSloppy(s: string): ParsedIP | undefined {
  if (!s.includes(':')) {
    const v4 = parseIPv4Sloppy(s)
    return v4 && { bytes: v4, is4: true }
  }
  if (s.includes('%')) return undefined
  let text = s
  const tail = s.slice(s.lastIndexOf(':') + 1)
  if (tail.includes('.')) {
    const v4 = parseIPv4Sloppy(tail)
    if (!v4) return undefined
    text = s.slice(0, s.length - tail.length) + v4.join('.')
  }
  if (!ipaddr.IPv6.isValid(text)) return undefined
  const bytes = ipaddr.IPv6.parse(text).toByteArray()
  const is4 = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff
  return { bytes, is4 }
}

/** A parsed CIDR: the network address (host bits cleared) and the prefix length. */
export interface ParsedCIDR {
  /** 4 or 16 bytes, as the address was written. */
  network: number[]
  prefix: number
}

/** netutils.ParseCIDRSloppy: `10.0.0.0/8`, `2001:db8::/64`; undefined when invalid. */
export function parseCIDRSloppy(s: string): ParsedCIDR | undefined {
  const slash = s.indexOf('/')
  if (slash < 0) return undefined
  const addr = s.slice(0, slash)
  const bits = s.slice(slash + 1)
  // An IPv4-mapped address written in IPv6 form keeps its 128-bit prefix space, as in Go.
  const ip = parseIPSloppy(addr)
  if (!ip || !/^\d+$/.test(bits)) return undefined
  const width = ip.bytes.length * 8
  const prefix = Number(bits)
  if (prefix > width) return undefined
  const network = ip.bytes.map((b, i) => {
    const keep = Math.max(0, Math.min(8, prefix - i * 8))
    return b & ((0xff << (8 - keep)) & 0xff)
  })
  return { network, prefix }
}

/** Whether `inner` is a strictly smaller block inside `outer`, as ValidateIPBlock checks `except`. */
function strictSubset(outer: ParsedCIDR, inner: ParsedCIDR): boolean {
  if (outer.network.length !== inner.network.length || outer.prefix >= inner.prefix) return false
  for (let i = 0; i < outer.network.length; i++) {
    const keep = Math.max(0, Math.min(8, outer.prefix - i * 8))
    const mask = (0xff << (8 - keep)) & 0xff
    if ((inner.network[i] & mask) !== outer.network[i]) return false
  }
  return true
}

const cidrMessage = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'

function validateIPBlock(ipb: IPBlock, fp: FieldPath): FieldError[] {
  if (!ipb.cidr) return [field.required(fp.child('cidr').toString())]
  const cidr = parseCIDRSloppy(ipb.cidr)
  if (!cidr) return [field.invalid(fp.child('cidr').toString(), ipb.cidr, cidrMessage)]
  const errs: FieldError[] = []
  ;(ipb.except ?? []).forEach((except, i) => {
    const ep = fp.child('except').index(i).toString()
    const inner = parseCIDRSloppy(except)
    if (!inner) errs.push(field.invalid(ep, except, cidrMessage))
    else if (!strictSubset(cidr, inner)) errs.push(field.invalid(ep, except, 'must be a strict subset of `cidr`'))
  })
  return errs
}

// ---------------------------------------------------------------- rules

function validatePort(port: NetworkPolicyPort, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (port.protocol !== undefined && !(protocols as readonly string[]).includes(port.protocol)) {
    errs.push(field.notSupported(fp.child('protocol').toString(), port.protocol, protocols))
  }
  const endPort = port.endPort ?? undefined
  const ep = fp.child('endPort').toString()
  if (typeof port.port === 'number') {
    for (const msg of isValidPortNum(port.port)) errs.push(field.invalid(fp.child('port').toString(), port.port, msg))
    if (endPort !== undefined) {
      // Kubernetes reports the start port as the bad value here.
      if (endPort < port.port) errs.push(field.invalid(ep, port.port, 'must be greater than or equal to `port`'))
      for (const msg of isValidPortNum(endPort)) errs.push(field.invalid(ep, endPort, msg))
    }
  } else if (typeof port.port === 'string') {
    if (endPort !== undefined) errs.push(field.invalid(ep, endPort, 'may not be specified when `port` is non-numeric'))
    for (const msg of isValidPortName(port.port)) errs.push(field.invalid(fp.child('port').toString(), port.port, msg))
  } else if (endPort !== undefined) {
    errs.push(field.invalid(ep, endPort, 'may not be specified when `port` is not specified'))
  }
  return errs
}

function validatePeer(peer: NetworkPolicyPeer, fp: FieldPath, opts: LabelSelectorValidationOptions): FieldError[] {
  const errs: FieldError[] = []
  let peers = 0
  if (peer.podSelector) {
    peers++
    errs.push(...validateLabelSelector(peer.podSelector, fp.child('podSelector'), opts))
  }
  if (peer.namespaceSelector) {
    peers++
    errs.push(...validateLabelSelector(peer.namespaceSelector, fp.child('namespaceSelector'), opts))
  }
  if (peer.ipBlock) {
    peers++
    errs.push(...validateIPBlock(peer.ipBlock, fp.child('ipBlock')))
  }
  if (peers === 0) errs.push(field.required(fp.toString(), 'must specify a peer'))
  else if (peers > 1 && peer.ipBlock) errs.push(field.forbidden(fp.toString(), 'may not specify both ipBlock and another peer'))
  return errs
}

/** Go's %#v of the internal []networking.PolicyType, which Kubernetes prints for too many policyTypes. */
function goPolicyTypes(types: string[]): string {
  return `[]networking.PolicyType{${types.map((t) => JSON.stringify(t)).join(', ')}}`
}

function validateSpec(np: NetworkPolicyObject, opts: LabelSelectorValidationOptions): FieldError[] {
  const spec = np.spec ?? ({} as Partial<NonNullable<NetworkPolicy['spec']>>)
  const sp = path('spec')
  const errs = validateLabelSelector(spec.podSelector, sp.child('podSelector'), opts)
  ;(spec.ingress ?? []).forEach((rule, i) => {
    const rp = sp.child('ingress').index(i)
    ;(rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, rp.child('ports').index(j))))
    ;(rule.from ?? []).forEach((p, j) => errs.push(...validatePeer(p, rp.child('from').index(j), opts)))
  })
  ;(spec.egress ?? []).forEach((rule, i) => {
    const rp = sp.child('egress').index(i)
    ;(rule.ports ?? []).forEach((p, j) => errs.push(...validatePort(p, rp.child('ports').index(j))))
    ;(rule.to ?? []).forEach((p, j) => errs.push(...validatePeer(p, rp.child('to').index(j), opts)))
  })
  const types = spec.policyTypes ?? []
  if (types.length > policyTypes.length) {
    // The value is shown as Go prints it; it is carried in the detail so the body reads exactly so.
    errs.push(field.invalid(sp.child('policyTypes').toString(), undefined, `${goPolicyTypes(types)}: may not specify more than two policyTypes`))
    return errs
  }
  types.forEach((t, i) => {
    if (!(policyTypes as readonly string[]).includes(t)) errs.push(field.notSupported(sp.child('policyTypes').index(i).toString(), t, policyTypes))
  })
  return errs
}

/** Every label selector of a policy, for deciding whether an update may keep invalid selector values. */
function selectorsOf(np: NetworkPolicyObject): LabelSelector[] {
  const out: LabelSelector[] = []
  if (np.spec?.podSelector) out.push(np.spec.podSelector)
  const peers = [...(np.spec?.ingress ?? []).flatMap((r) => r.from ?? []), ...(np.spec?.egress ?? []).flatMap((r) => r.to ?? [])]
  for (const p of peers) {
    if (p.podSelector) out.push(p.podSelector)
    if (p.namespaceSelector) out.push(p.namespaceSelector)
  }
  return out
}

function validateNetworkPolicy(np: NetworkPolicyObject, opts: LabelSelectorValidationOptions = {}): FieldError[] {
  const errs = validateCoreObjectMeta(np.metadata, true, nameIsDNSSubdomain, path('metadata'))
  errs.push(...validateSpec(np, opts))
  return errs
}

function defaultPorts(ports: NetworkPolicyPort[] | undefined): void {
  for (const p of ports ?? []) if (p.protocol === undefined) p.protocol = 'TCP'
}

export const networkPolicyDefinition: ResourceDefinition<NetworkPolicyObject> = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'NetworkPolicy',
  plural: 'networkpolicies',
  singular: 'networkpolicy',
  shortNames: ['netpol'],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: networkPolicyColumns,
  tracksGeneration: true,

  defaults(np) {
    // spec and spec.podSelector are plain structs in Go: they are always there, `{}` when empty.
    np.spec ??= { podSelector: {} }
    np.spec.podSelector ??= {}
    for (const rule of np.spec.ingress ?? []) defaultPorts(rule.ports)
    for (const rule of np.spec.egress ?? []) defaultPorts(rule.ports)
    if (!np.spec.policyTypes?.length) {
      // A policy that names no types is an Ingress policy, and an Egress one too when it has egress rules.
      np.spec.policyTypes = ['Ingress']
      if (np.spec.egress?.length) np.spec.policyTypes.push('Egress')
    }
  },

  validate(np) {
    return validateNetworkPolicy(np)
  },

  validateUpdate(np, old) {
    // Selectors stored before label values were checked strictly may keep their values.
    const allowInvalidLabelValueInSelector = selectorsOf(old).some((s) => validateLabelSelector(s, path('spec')).length > 0)
    return validateNetworkPolicy(np, { allowInvalidLabelValueInSelector })
  }
}
