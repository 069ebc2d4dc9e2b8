import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, validateObjectMeta } from '../../apimachinery/validation'
import type { ResourceDefinition, TableColumn } from '../types'
import { type PacketTraceSpec, validatePacketTrace } from './packettrace'

/**
 * kubelab.dev/v1alpha1 TrafficGenerator: a client sending `rate` requests
 * per second from a source to a destination (the same source, destination
 * and protocol as a PacketTrace), through the same engine. The traffic
 * component delivers them to the endpoints' processes (their CPU, their
 * access logs) and reports counters and per-edge rates in status.
 */
export interface TrafficGeneratorSpec extends PacketTraceSpec {
  /** Requests per second (may be fractional); 0 pauses the generator. */
  rate?: number
  /** The HTTP path requested (default `/`). */
  path?: string
}

/** One source-to-endpoint edge and its rate over the last report period. */
export interface TrafficEdge {
  /** The sender: `<namespace>/<pod>`, `node/<name>` or `external`. */
  source: string
  /** The receiving pod, `<namespace>/<name>`. */
  destination: string
  /** The Service the requests went through, when they did. */
  service?: string
  /** Requests per second delivered along this edge. */
  rate: number
}

export interface TrafficGeneratorStatus {
  sent?: number
  delivered?: number
  dropped?: number
  /** Why the last dropped request was dropped. */
  lastDropReason?: string
  edges?: TrafficEdge[]
  observedGeneration?: number
}

export interface TrafficGeneratorObject extends KubeObject {
  spec?: TrafficGeneratorSpec
  status?: TrafficGeneratorStatus
}

function validate(obj: TrafficGeneratorObject): FieldError[] {
  const errs = validateObjectMeta(obj.metadata, { namespaced: true, validateName: (n) => isDNS1123Subdomain(n) }, path('metadata'))
  const spec = obj.spec ?? {}
  // The question's shape is a PacketTrace's.
  const asTrace = validatePacketTrace({ apiVersion: 'kubelab.dev/v1alpha1', kind: 'PacketTrace', metadata: {}, spec })
  errs.push(...asTrace)
  if (spec.rate === undefined || spec.rate === null) errs.push(field.required('spec.rate'))
  else if (typeof spec.rate !== 'number' || !Number.isFinite(spec.rate) || spec.rate < 0 || spec.rate > 100_000) {
    errs.push(field.invalid('spec.rate', spec.rate, 'must be between 0 and 100000 requests per second'))
  }
  if (spec.path !== undefined && !String(spec.path).startsWith('/')) errs.push(field.invalid('spec.path', spec.path, "must start with '/'"))
  return errs
}

const describe = (spec: TrafficGeneratorSpec | undefined): { source: string; destination: string } => ({
  source: spec?.source?.pod ?? (spec?.source?.node ? `node/${spec.source.node}` : 'external'),
  destination: `${spec?.destination?.address ?? spec?.destination?.pod ?? ''}:${spec?.destination?.port ?? ''}`
})

const columns: TableColumn<TrafficGeneratorObject>[] = [
  { name: 'Name', type: 'string', format: 'name', description: 'Name of the generator.', priority: 0, cell: (o) => o.metadata.name ?? '' },
  { name: 'Source', type: 'string', description: 'Where the requests start.', priority: 0, cell: (o) => describe(o.spec).source },
  { name: 'Destination', type: 'string', description: 'Where they go.', priority: 0, cell: (o) => describe(o.spec).destination },
  { name: 'Rate', type: 'number', description: 'Requests per second asked for.', priority: 0, cell: (o) => o.spec?.rate ?? 0 },
  { name: 'Delivered', type: 'integer', description: 'Requests delivered so far.', priority: 0, cell: (o) => o.status?.delivered ?? 0 },
  { name: 'Dropped', type: 'integer', description: 'Requests dropped so far.', priority: 0, cell: (o) => o.status?.dropped ?? 0 },
  { name: 'Reason', type: 'string', description: 'Why the last dropped request was dropped.', priority: 1, cell: (o) => o.status?.lastDropReason ?? '<none>' }
]

export const trafficGeneratorDefinition: ResourceDefinition<TrafficGeneratorObject> = {
  group: 'kubelab.dev',
  version: 'v1alpha1',
  kind: 'TrafficGenerator',
  plural: 'trafficgenerators',
  singular: 'trafficgenerator',
  shortNames: ['tg'],
  categories: [],
  namespaced: true,
  hasStatus: true,
  tracksGeneration: true,
  tableColumns: columns,

  defaults(obj) {
    obj.spec ??= {}
    obj.spec.protocol ??= 'TCP'
    obj.spec.path ??= '/'
  },

  prepareForCreate(obj) {
    delete obj.status
  },

  prepareForUpdate(obj, old) {
    obj.status = old.status
  },

  prepareForStatusUpdate(obj, old) {
    obj.spec = old.spec
  },

  validate,

  validateUpdate(obj) {
    return validate(obj)
  }
}
