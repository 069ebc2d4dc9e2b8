import type { EndpointAddress, EndpointPort, Endpoints } from 'kubernetes-types/core/v1'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, isValidPortNum, nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { endpointsColumns } from '../columns/endpoints'
import { validateDNS1123Label, validateQualifiedName } from '../validation/names'
import { validateIP, validateNonSpecialIP } from '../validation/network'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * Endpoints (pkg/registry/core/endpoint): written by the endpoints
 * controller for each Service with a selector, or by hand for one without.
 */

const protocols = ['SCTP', 'TCP', 'UDP']

/**
 * Frozen addresses found valid: one cannot change, so it is valid wherever
 * it appears again (the endpoints controller writes the same frozen
 * addresses sync after sync, a thousand per Service).
 */
const validAddresses = new WeakSet<EndpointAddress>()

function validateAddress(a: EndpointAddress, fp: FieldPath): FieldError[] {
  const errs = validateIP(a.ip ?? '', fp.child('ip'))
  if (a.hostname) errs.push(...validateDNS1123Label(a.hostname, fp.child('hostname')))
  if (a.nodeName !== undefined) for (const m of isDNS1123Subdomain(a.nodeName)) errs.push(field.invalid(fp.child('nodeName').toString(), a.nodeName, m))
  errs.push(...validateNonSpecialIP(a.ip ?? '', fp.child('ip')))
  // What is checked is the address's own strings: frozen, they cannot change.
  if (errs.length === 0 && Object.isFrozen(a)) validAddresses.add(a)
  return errs
}

function validatePort(p: EndpointPort, requireName: boolean, fp: FieldPath): FieldError[] {
  const errs: FieldError[] = []
  if (requireName && !p.name) errs.push(field.required(fp.child('name').toString()))
  else if (p.name) errs.push(...validateDNS1123Label(p.name, fp.child('name')))
  for (const m of isValidPortNum(p.port ?? 0)) errs.push(field.invalid(fp.child('port').toString(), p.port ?? 0, m))
  if (!p.protocol) errs.push(field.required(fp.child('protocol').toString()))
  else if (!protocols.includes(p.protocol)) errs.push(field.notSupported(fp.child('protocol').toString(), p.protocol, protocols))
  if (p.appProtocol !== undefined) errs.push(...validateQualifiedName(p.appProtocol, fp.child('appProtocol')))
  return errs
}

/** ValidateEndpoints: used for create and update alike. */
function validate(ep: Endpoints): FieldError[] {
  const errs = validateCoreObjectMeta(ep.metadata, true, nameIsDNSSubdomain, path('metadata'))
  ;(ep.subsets ?? []).forEach((ss, i) => {
    const ip = path('subsets').index(i)
    if (!ss.addresses?.length && !ss.notReadyAddresses?.length) errs.push(field.required(ip.toString(), 'must specify `addresses` or `notReadyAddresses`'))
    for (const list of ['addresses', 'notReadyAddresses'] as const) {
      const addresses = ss[list] ?? []
      // An address found valid before is passed over without building its path: a thousand of them per write.
      for (let j = 0; j < addresses.length; j++) if (!validAddresses.has(addresses[j])) errs.push(...validateAddress(addresses[j], ip.child(list).index(j)))
    }
    const ports = ss.ports ?? []
    ports.forEach((p, j) => errs.push(...validatePort(p, ports.length > 1, ip.child('ports').index(j))))
  })
  return errs
}

export const endpointsDefinition: ResourceDefinition<Endpoints> = {
  group: '',
  version: 'v1',
  kind: 'Endpoints',
  plural: 'endpoints',
  singular: 'endpoints',
  shortNames: ['ep'],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: endpointsColumns,
  // The endpoints controller writes the same frozen addresses sync after sync; nothing here changes an address.
  keepsFrozen: { subsets: { addresses: true, notReadyAddresses: true } },
  defaults: (ep) => {
    for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP'
  },
  validate
  // Table columns and the OpenAPI schema are added here by a later change.
}
