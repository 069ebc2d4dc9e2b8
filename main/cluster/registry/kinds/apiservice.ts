import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1035Label, isDNS1123Subdomain, isValidPathSegmentName } from '../../apimachinery/validation'
import type { ResourceDefinition, TableColumn } from '../types'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { ageColumn, column, nameColumn } from '../columns/common'

/**
 * apiregistration.k8s.io/v1 APIService: which server answers one group and
 * version. kube-apiserver registers a Local one for each group-version it
 * serves itself; an aggregated API (metrics-server) names the Service in
 * front of its server. Cluster-scoped, status subresource. Defaults and
 * validation as kube-aggregator's pkg/apis/apiregistration (v1 defaults,
 * validation.ValidateAPIService).
 */

/** A reference to the Service in front of an aggregated API server. */
export interface ServiceReference {
  namespace?: string
  name?: string
  port?: number
}

export interface APIServiceCondition {
  type: string
  status: string
  lastTransitionTime?: string
  reason?: string
  message?: string
}

export interface APIService {
  apiVersion?: 'apiregistration.k8s.io/v1'
  kind?: 'APIService'
  spec?: {
    service?: ServiceReference | null
    group?: string
    version?: string
    insecureSkipTLSVerify?: boolean
    caBundle?: string
    groupPriorityMinimum: number
    versionPriority: number
  }
  status?: { conditions?: APIServiceCondition[] }
}

export type APIServiceObject = APIService & KubeObject

/** The Available condition, or undefined before the availability controller has looked. */
export function availableCondition(a: APIService): APIServiceCondition | undefined {
  return a.status?.conditions?.find((c) => c.type === 'Available')
}

const apiServiceColumns: TableColumn<APIServiceObject>[] = [
  nameColumn(),
  column('Service', 'The reference to the service that hosts this API endpoint.', (a) => {
    const s = a.spec?.service
    return s ? `${s.namespace ?? ''}/${s.name ?? ''}` : 'Local'
  }),
  column('Available', 'Whether this service is available.', (a) => {
    const c = availableCondition(a)
    if (!c) return 'Unknown'
    return c.status === 'True' ? 'True' : `${c.status} (${c.reason ?? ''})`
  }),
  ageColumn()
]

function validateAPIService(a: APIServiceObject): FieldError[] {
  const spec = a.spec ?? { groupPriorityMinimum: 0, versionPriority: 0 }
  const group = spec.group ?? ''
  const version = spec.version ?? ''
  const requiredName = `${version}.${group}`
  const errs = validateCoreObjectMeta(a.metadata, false, (name) => {
    const segment = isValidPathSegmentName(name)
    if (segment.length) return segment
    return name === requiredName ? [] : [`must be \`spec.version+"."+spec.group\`: ${JSON.stringify(requiredName)}`]
  }, path('metadata'))
  // Only the legacy core group may be empty, and then only as v1.
  if (!group && version !== 'v1') errs.push(field.required('spec.group', 'only v1 may have an empty group and it better be legacy kube'))
  if (group) errs.push(...isDNS1123Subdomain(group).map((m) => field.invalid('spec.group', group, m)))
  errs.push(...isDNS1035Label(version).map((m) => field.invalid('spec.version', version, m)))
  const gpm = spec.groupPriorityMinimum ?? 0
  if (gpm <= 0 || gpm > 20000) errs.push(field.invalid('spec.groupPriorityMinimum', gpm, 'must be positive and less than 20000'))
  const vp = spec.versionPriority ?? 0
  if (vp <= 0 || vp > 1000) errs.push(field.invalid('spec.versionPriority', vp, 'must be positive and less than 1000'))
  const caBytes = spec.caBundle ? Buffer.from(spec.caBundle, 'base64').length : 0
  const service = spec.service
  if (!service) {
    if (caBytes) errs.push(field.invalid('spec.caBundle', `${caBytes} bytes`, 'local APIServices may not have a caBundle'))
    if (spec.insecureSkipTLSVerify) errs.push(field.invalid('spec.insecureSkipTLSVerify', true, 'local APIServices may not have insecureSkipTLSVerify'))
    return errs
  }
  if (!service.namespace) errs.push(field.required('spec.service.namespace'))
  if (!service.name) errs.push(field.required('spec.service.name'))
  const port = service.port ?? 0
  if (!Number.isInteger(port) || port < 1 || port > 65535) errs.push(field.invalid('spec.service.port', port, 'port is not valid: must be between 1 and 65535, inclusive'))
  if (spec.insecureSkipTLSVerify && caBytes) errs.push(field.invalid('spec.insecureSkipTLSVerify', true, 'may not be true if caBundle is present'))
  return errs
}

export const apiServiceDefinition: ResourceDefinition<APIServiceObject> = {
  group: 'apiregistration.k8s.io',
  version: 'v1',
  kind: 'APIService',
  plural: 'apiservices',
  singular: 'apiservice',
  shortNames: [],
  categories: ['api-extensions'],
  namespaced: false,
  hasStatus: true,
  tableColumns: apiServiceColumns,

  defaults(a) {
    // SetDefaults_ServiceReference: an aggregated API listens on 443 unless told otherwise.
    if (a.spec?.service && a.spec.service.port === undefined) a.spec.service.port = 443
  },

  prepareForCreate(a) {
    // The availability controller owns status: a new APIService starts without conditions.
    a.status = {}
  },

  validate: validateAPIService
}
