import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Label, isDNS1123Subdomain, isValidPortNum, validateAnnotations, validateLabels } from '../../apimachinery/validation'
import { isIP } from '../validation/network'
import type { ResourceDefinition } from '../types'

/**
 * kubelab.dev/v1alpha1 PacketTrace: the question "does a packet from here
 * reach there, and how", and the trace engine's answer. The shape is a
 * contract tests outside this repository rely on.
 */

/** Where the packet starts: exactly one of the three. */
export interface TraceSource {
  /** `<namespace>/<name>`: a pod's network namespace. */
  pod?: string
  /** A node's host network namespace. */
  node?: string
  /** A client outside the cluster. */
  external?: boolean
}

/** Where it is going: an address (DNS name, Service name or IP) or a pod, and a port. */
export interface TraceDestination {
  address?: string
  /** `<namespace>/<name>` */
  pod?: string
  port?: number
}

export interface PacketTraceSpec {
  source?: TraceSource
  destination?: TraceDestination
  /** TCP (default) or UDP. */
  protocol?: 'TCP' | 'UDP'
}

/** Which of the three networks a packet is on after a hop. */
export type TraceNetwork = 'Node' | 'Pod' | 'Cluster'

/** What happened to the packet at one hop. */
export type TraceAction =
  | 'send'
  | 'resolve'
  | 'dnat'
  | 'snat'
  | 'route'
  | 'encapsulate'
  | 'decapsulate'
  | 'bridge'
  | 'deliver'
  | 'drop'
  | 'reply'
  | 'undnat'

export interface TraceHop {
  /** The node the hop happens on; `external` outside the cluster. */
  node: string
  /** The device: eth0, a veth, cni0, flannel.1, or the netfilter chain's hook. */
  device: string
  network: TraceNetwork
  /** `ip:port` after this hop. */
  src: string
  dst: string
  action: TraceAction
  /** What decided: the DNS answer, chain and rule, route, policy or object. */
  rule: string
}

export interface PacketTraceStatus {
  verdict: 'Delivered' | 'Dropped'
  /** One plain sentence. */
  reason: string
  hops: TraceHop[]
}

/** The answer without the object around it. */
export type TraceResult = PacketTraceStatus

/**
 * kubelab.dev/v1alpha1 PacketTrace: create-only, like SubjectAccessReview.
 * A POST carries the question in spec; the answer (the network model's
 * trace engine, wired in by cluster.ts) comes back in status; nothing is
 * stored, and every other verb is 405 MethodNotAllowed.
 */
export interface PacketTraceObject extends KubeObject {
  spec?: PacketTraceSpec
  status?: PacketTraceStatus
}

const protocols = ['TCP', 'UDP'] as const

/** `<namespace>/<name>` of a pod, or the problems with it. */
function podRefErrors(value: unknown): string[] {
  if (typeof value !== 'string') return ['must be <namespace>/<name>']
  const parts = value.split('/')
  if (parts.length !== 2) return ['must be <namespace>/<name>']
  return [...isDNS1123Label(parts[0]).map((m) => `namespace: ${m}`), ...isDNS1123Subdomain(parts[1]).map((m) => `name: ${m}`)]
}

function validateSource(spec: PacketTraceSpec, errs: FieldError[]): void {
  const src = spec.source
  if (!src) {
    errs.push(field.required('spec.source', 'exactly one of pod, node or external is required'))
    return
  }
  const set = (['pod', 'node', 'external'] as const).filter((k) => (k === 'external' ? src.external === true : src[k] !== undefined && src[k] !== ''))
  if (src.external === false) errs.push(field.invalid('spec.source.external', false, 'must be true when set'))
  if (set.length === 0 && src.external !== false) errs.push(field.required('spec.source', 'exactly one of pod, node or external is required'))
  if (set.length > 1) errs.push(field.forbidden('spec.source', `exactly one of pod, node or external may be set, not ${set.join(' and ')}`))
  if (src.pod !== undefined) for (const m of podRefErrors(src.pod)) errs.push(field.invalid('spec.source.pod', src.pod, m))
  if (src.node !== undefined) for (const m of isDNS1123Subdomain(String(src.node))) errs.push(field.invalid('spec.source.node', src.node, m))
}

function validateDestination(spec: PacketTraceSpec, errs: FieldError[]): void {
  const dst = spec.destination
  if (!dst) {
    errs.push(field.required('spec.destination', 'an address or a pod, and a port, are required'))
    return
  }
  const hasAddress = dst.address !== undefined && dst.address !== ''
  const hasPod = dst.pod !== undefined && dst.pod !== ''
  if (!hasAddress && !hasPod) errs.push(field.required('spec.destination.address', 'one of address or pod is required'))
  if (hasAddress && hasPod) errs.push(field.forbidden('spec.destination', 'only one of address or pod may be set'))
  if (hasAddress) {
    const address = String(dst.address).replace(/\.$/, '')
    if (!isIP(address) && isDNS1123Subdomain(address).length) {
      errs.push(field.invalid('spec.destination.address', dst.address, 'must be an IP address, a DNS name or a Service name'))
    }
  }
  if (hasPod) for (const m of podRefErrors(dst.pod)) errs.push(field.invalid('spec.destination.pod', dst.pod, m))
  if (dst.port === undefined || dst.port === null) errs.push(field.required('spec.destination.port'))
  else for (const m of isValidPortNum(dst.port)) errs.push(field.invalid('spec.destination.port', dst.port, m))
}

export function validatePacketTrace(obj: PacketTraceObject): FieldError[] {
  const errs: FieldError[] = []
  const meta = obj.metadata
  if (meta.name) for (const m of isDNS1123Subdomain(meta.name)) errs.push(field.invalid('metadata.name', meta.name, m))
  if (meta.namespace) errs.push(field.forbidden('metadata.namespace', 'not allowed on this type'))
  errs.push(...validateLabels(meta.labels, path('metadata', 'labels')))
  errs.push(...validateAnnotations(meta.annotations, path('metadata', 'annotations')))
  const spec = obj.spec ?? {}
  validateSource(spec, errs)
  validateDestination(spec, errs)
  if (spec.protocol !== undefined && !protocols.includes(spec.protocol)) errs.push(field.notSupported('spec.protocol', spec.protocol, protocols))
  return errs
}

export const packetTraceDefinition: ResourceDefinition<PacketTraceObject> = {
  group: 'kubelab.dev',
  version: 'v1alpha1',
  kind: 'PacketTrace',
  plural: 'packettraces',
  singular: 'packettrace',
  shortNames: ['ptrace'],
  categories: [],
  namespaced: false,
  hasStatus: false,
  createOnly: true,
  verbs: ['create'],

  defaults(obj) {
    obj.spec ??= {}
    obj.spec.protocol ??= 'TCP'
  },

  prepareForCreate(obj) {
    delete obj.status
  },

  validate: validatePacketTrace
}
