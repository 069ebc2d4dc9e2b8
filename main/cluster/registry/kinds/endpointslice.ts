import type { Endpoint, EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1'
import type { KubeObject, ObjectMetadata } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { deepEqual, isDNS1123Label, isDNS1123Subdomain, isValidLabelValue, nameIsDNSSubdomain, validateLabels } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { endpointSliceColumns } from '../columns/endpoints'
import { validateDNS1123Label, validateQualifiedName } from '../validation/names'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { parseIPSloppy } from './networkpolicy'

/**
 * discovery.k8s.io/v1 EndpointSlice: the addresses behind a Service, written by
 * the EndpointSlice controller (or by hand). Defaults as
 * pkg/apis/discovery/v1/defaults.go, strategy as pkg/registry/discovery/endpointslice,
 * validation as pkg/apis/discovery/validation.
 */
export type EndpointSliceObject = EndpointSlice & KubeObject

const addressTypes = ['FQDN', 'IPv4', 'IPv6'] as const
const protocols = ['SCTP', 'TCP', 'UDP'] as const
const maxTopologyLabels = 16
const maxAddresses = 100
const maxPorts = 20000
const maxEndpoints = 1000
const maxZoneHints = 8
const hostnameLabel = 'kubernetes.io/hostname'
const zoneLabel = 'topology.kubernetes.io/zone'

/** ValidateEndpointIP: addresses that can never be a useful endpoint. */
function validateEndpointIP(address: string, fp: string): FieldError[] {
  const ip = parseIPSloppy(address)
  if (!ip) return [field.invalid(fp, address, 'must be a valid IP address')]
  const b = ip.is4 ? ip.bytes.slice(-4) : ip.bytes
  const errs: FieldError[] = []
  if (b.every((x) => x === 0)) errs.push(field.invalid(fp, address, `may not be unspecified (${address})`))
  const loopback = ip.is4 ? b[0] === 127 : b.slice(0, 15).every((x) => x === 0) && b[15] === 1
  if (loopback) errs.push(field.invalid(fp, address, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'))
  const linkLocalUnicast = ip.is4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80
  if (linkLocalUnicast) errs.push(field.invalid(fp, address, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'))
  const linkLocalMulticast = ip.is4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1] & 0x0f) === 0x02
  if (linkLocalMulticast) errs.push(field.invalid(fp, address, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'))
  return errs
}

/** validation.IsFullyQualifiedDomainName. */
function validateFQDN(name: string, fp: string): FieldError[] {
  if (name.length === 0) return [field.required(fp)]
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name
  const sub = isDNS1123Subdomain(trimmed)
  if (sub.length) return [field.invalid(fp, trimmed, sub.join(','))]
  const labels = trimmed.split('.')
  if (labels.length < 2) return [field.invalid(fp, trimmed, 'should be a domain with at least two segments separated by dots')]
  for (const label of labels) {
    const msgs = isDNS1123Label(label)
    if (msgs.length) return [field.invalid(fp, label, msgs.join(','))]
  }
  return []
}

function validateAddress(address: string, addressType: string, fp: string): FieldError[] {
  switch (addressType) {
    case 'IPv4': {
      const ip = parseIPSloppy(address)
      const errs = ip?.is4 ? [] : [field.invalid(fp, address, 'must be a valid IPv4 address')]
      return [...errs, ...validateEndpointIP(address, fp)]
    }
    case 'IPv6': {
      const ip = parseIPSloppy(address)
      const errs = ip && !ip.is4 ? [] : [field.invalid(fp, address, 'must be a valid IPv6 address')]
      return [...errs, ...validateEndpointIP(address, fp)]
    }
    case 'FQDN':
      return validateFQDN(address, fp)
    default:
      // Unknown address types are reported once, at addressType; their addresses go unchecked.
      return []
  }
}

/**
 * Frozen endpoints found valid, per address type: one cannot change, so it
 * is valid wherever it appears again (the EndpointSlice controller writes
 * the same frozen endpoints sync after sync).
 */
const validEndpoints = new WeakMap<Endpoint, string>()

/** Whether nothing validateEndpoint reads of ep can change. */
function frozenThrough(ep: Endpoint): boolean {
  const { addresses, deprecatedTopology, hints } = ep
  return (
    Object.isFrozen(ep) &&
    (addresses === undefined || Object.isFrozen(addresses)) &&
    (deprecatedTopology === undefined || Object.isFrozen(deprecatedTopology)) &&
    (hints === undefined || (Object.isFrozen(hints) && (hints.forZones === undefined || (Object.isFrozen(hints.forZones) && hints.forZones.every((z) => Object.isFrozen(z))))))
  )
}

function validateEndpoints(endpoints: Endpoint[], addressType: string, fp: FieldPath): FieldError[] {
  if (endpoints.length > maxEndpoints) return [field.tooMany(fp.toString(), endpoints.length, maxEndpoints)]
  const errs: FieldError[] = []
  endpoints.forEach((ep, i) => {
    if (validEndpoints.get(ep) === addressType) return
    const found = validateEndpoint(ep, addressType, fp.index(i))
    if (found.length === 0 && frozenThrough(ep)) validEndpoints.set(ep, addressType)
    errs.push(...found)
  })
  return errs
}

function validateEndpoint(ep: Endpoint, addressType: string, ip: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  const ap = ip.child('addresses')
  const addresses = ep.addresses ?? []
  if (addresses.length === 0) errs.push(field.required(ap.toString(), 'must contain at least 1 address'))
  else if (addresses.length > maxAddresses) errs.push(field.tooMany(ap.toString(), addresses.length, maxAddresses))
  addresses.forEach((a, j) => errs.push(...validateAddress(a, addressType, ap.index(j).toString())))
  if (ep.nodeName !== undefined) {
    for (const msg of isDNS1123Subdomain(ep.nodeName)) errs.push(field.invalid(ip.child('nodeName').toString(), ep.nodeName, msg))
  }
  const tp = ip.child('deprecatedTopology')
  const topology = ep.deprecatedTopology ?? {}
  if (Object.keys(topology).length > maxTopologyLabels) errs.push(field.tooMany(tp.toString(), Object.keys(topology).length, maxTopologyLabels))
  errs.push(...validateLabels(topology, tp))
  if (Object.hasOwn(topology, zoneLabel)) errs.push(field.internal(tp.key(zoneLabel).toString(), 'reserved key was not removed in conversion'))
  if (ep.hostname !== undefined) errs.push(...validateDNS1123Label(ep.hostname, ip.child('hostname')))
  if (ep.hints) {
    const zp = ip.child('hints', 'forZones')
    const zones = ep.hints.forZones ?? []
    if (zones.length > maxZoneHints) {
      errs.push(field.tooMany(zp.toString(), zones.length, maxZoneHints))
    } else {
      const seen = new Set<string>()
      zones.forEach((z, k) => {
        const np = zp.index(k).child('name').toString()
        if (seen.has(z.name)) errs.push(field.duplicate(np, z.name))
        seen.add(z.name)
        for (const msg of isValidLabelValue(z.name)) errs.push(field.invalid(np, z.name, msg))
      })
    }
  }
  return errs
}

function validatePorts(ports: EndpointPort[], fp: FieldPath): FieldError[] {
  if (ports.length > maxPorts) return [field.tooMany(fp.toString(), ports.length, maxPorts)]
  const errs: FieldError[] = []
  const names = new Set<string>()
  ports.forEach((port, i) => {
    const pp = fp.index(i)
    const name = port.name ?? ''
    if (name.length > 0) errs.push(...validateDNS1123Label(name, pp.child('name')))
    if (names.has(name)) errs.push(field.duplicate(pp.child('name').toString(), name))
    names.add(name)
    if (port.protocol === undefined) errs.push(field.required(pp.child('protocol').toString()))
    else if (!(protocols as readonly string[]).includes(port.protocol)) errs.push(field.notSupported(pp.child('protocol').toString(), port.protocol, protocols))
    if (port.appProtocol !== undefined) errs.push(...validateQualifiedName(port.appProtocol, pp.child('appProtocol')))
  })
  return errs
}

function validateEndpointSlice(slice: EndpointSliceObject): FieldError[] {
  const errs = validateCoreObjectMeta(slice.metadata, true, nameIsDNSSubdomain, path('metadata'))
  const addressType = slice.addressType ?? ''
  if (addressType === '') errs.push(field.required('addressType'))
  else if (!(addressTypes as readonly string[]).includes(addressType)) errs.push(field.notSupported('addressType', addressType, addressTypes))
  errs.push(...validateEndpoints(slice.endpoints ?? [], addressType, path('endpoints')))
  errs.push(...validatePorts(slice.ports ?? [], path('ports')))
  return errs
}

/**
 * dropTopologyOnV1: deprecatedTopology is a v1beta1 leftover that v1 writes
 * clear. A node name kept there by an old version is moved to nodeName when
 * the previous object had it too.
 */
function dropDeprecatedTopology(slice: EndpointSliceObject, old: EndpointSliceObject | undefined): void {
  if (old && deepEqual(slice.endpoints, old.endpoints)) return
  if (!slice.endpoints?.some((ep) => ep.deprecatedTopology !== undefined)) return
  const previousNodes = new Set((old?.endpoints ?? []).map((e) => e.deprecatedTopology?.[hostnameLabel]).filter((n): n is string => !!n))
  // New endpoints in a new list: a write may keep the caller's frozen ones (keepsFrozen), never changed here.
  slice.endpoints = slice.endpoints.map((ep) => {
    if (ep.deprecatedTopology === undefined) return ep
    const { deprecatedTopology, ...rest } = ep
    const node = deprecatedTopology[hostnameLabel]
    if (rest.nodeName === undefined && node !== undefined && previousNodes.has(node) && isDNS1123Subdomain(node).length === 0) rest.nodeName = node
    return rest
  })
}

export const endpointSliceDefinition: ResourceDefinition<EndpointSliceObject> = {
  group: 'discovery.k8s.io',
  version: 'v1',
  kind: 'EndpointSlice',
  plural: 'endpointslices',
  singular: 'endpointslice',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: endpointSliceColumns,
  tracksGeneration: true,
  // The controller writes the same frozen endpoints sync after sync; the strategy replaces an endpoint it changes (dropDeprecatedTopology).
  keepsFrozen: { endpoints: true },

  defaults(slice) {
    // Go serializes a missing list as null; Kubelab keeps an empty list so that readers need no null check.
    slice.endpoints ??= []
    for (const p of slice.ports ?? []) {
      if (p.name === undefined) p.name = ''
      if (p.protocol === undefined) p.protocol = 'TCP'
    }
  },

  prepareForCreate(slice) {
    dropDeprecatedTopology(slice, undefined)
  },

  prepareForUpdate(slice, old) {
    dropDeprecatedTopology(slice, old)
    // Labels tie a slice to its Service, so relabelling counts as a change of desired state.
    if (!deepEqual(slice.metadata.labels ?? {}, old.metadata.labels ?? {})) (slice.metadata as ObjectMetadata).generation = (old.metadata.generation ?? 0) + 1
  },

  validate: validateEndpointSlice,

  validateUpdate(slice, old) {
    const errs = validateEndpointSlice(slice)
    if (slice.addressType !== old.addressType) errs.push(field.invalid('addressType', slice.addressType, 'field is immutable'))
    return errs
  }
}
