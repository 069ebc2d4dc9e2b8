import type { Service, ServiceSpec } from 'kubernetes-types/core/v1'
import type { Mutable } from '../../apimachinery/types'
import { deepEqual } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { serviceColumns } from '../columns/service'
import { clusterIPFamilies, externallyAccessible, isHeadless, needsClusterIP, needsHealthCheck, needsNodePort } from './service-spec'
import { validateService, validateStatusUpdate, validateUpdate } from './service-validation'

/**
 * Services (pkg/registry/core/service): SetDefaults_Service and the
 * strategy's normalisation of clusterIP/clusterIPs and of type-dependent
 * fields; validation is in service-validation.ts. Allocating cluster IPs and node ports is the network
 * component's job; this file only keeps what was allocated across updates.
 */

function defaultService(svc: Service): void {
  svc.spec ??= {}
  const spec = svc.spec
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None'
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } }
  }
  if (!spec.type) spec.type = 'ClusterIP'
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP'
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster'
  if (!spec.internalTrafficPolicy && ['NodePort', 'LoadBalancer', 'ClusterIP'].includes(spec.type)) spec.internalTrafficPolicy = 'Cluster'
  if (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true
  if (spec.type === 'LoadBalancer') for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP'
}

/**
 * The IP family fields as the service allocator initialises them on a
 * single-stack IPv4 cluster (the addresses themselves are the network's job).
 */
function initIPFamilyFields(spec: ServiceSpec): void {
  if (!needsClusterIP(spec)) return
  if (isHeadless(spec) && Object.keys(spec.selector ?? {}).length === 0) {
    // Headless services without a selector are dual-stack capable whatever the cluster is.
    spec.ipFamilyPolicy ??= 'RequireDualStack'
  } else {
    spec.ipFamilyPolicy ??= 'SingleStack'
  }
  if (!spec.ipFamilies?.length) spec.ipFamilies = spec.ipFamilyPolicy === 'SingleStack' ? [clusterIPFamilies[0]] : [...clusterIPFamilies]
}

function prepareForCreate(svc: Service): void {
  ;(svc as Mutable<Service>).status = { loadBalancer: {} }
  const spec = svc.spec!
  // Old clients set only clusterIP; the plural follows the singular.
  if (spec.clusterIP && !spec.clusterIPs?.length) spec.clusterIPs = [spec.clusterIP]
  initIPFamilyFields(spec)
}

function sameList(a: unknown[] | undefined, b: unknown[] | undefined): boolean {
  return deepEqual(a ?? [], b ?? [])
}

function prepareForUpdate(svc: Service, old: Service): void {
  const spec = svc.spec!
  const os = old.spec ?? {}
  ;(svc as Mutable<Service>).status = old.status
  patchAllocatedValues(spec, os)
  normalizeClusterIPs(spec, os)
  if (needsClusterIP(os) && needsClusterIP(spec)) {
    spec.ipFamilyPolicy ??= os.ipFamilyPolicy
    if (!spec.ipFamilies?.length && os.ipFamilies?.length) spec.ipFamilies = os.ipFamilies
  }
  dropTypeDependentFields(svc, old)
  initIPFamilyFields(spec)
}

/** Values allocated at create that a client left out of its update stay as they were (idempotent replace). */
function patchAllocatedValues(spec: ServiceSpec, os: ServiceSpec): void {
  if (needsClusterIP(os) && needsClusterIP(spec)) {
    if (!spec.clusterIP) spec.clusterIP = os.clusterIP
    if (!spec.clusterIPs?.length && os.clusterIPs?.length) spec.clusterIPs = os.clusterIPs
  }
  if (needsNodePort(os) && needsNodePort(spec)) {
    const usedNew = new Set((spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n))
    const used = new Set((os.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n && usedNew.has(n)))
    const byName = new Map((os.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]))
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue
      const v = byName.get(p.name ?? '') ?? 0
      if (v && !used.has(v)) p.nodePort = v
    }
  }
  if (needsHealthCheck(os) && needsHealthCheck(spec) && !spec.healthCheckNodePort) spec.healthCheckNodePort = os.healthCheckNodePort
}

/** NormalizeClusterIPs for an update: keep the singular and plural fields in step. */
function normalizeClusterIPs(spec: ServiceSpec, os: ServiceSpec): void {
  if (os.clusterIPs?.length && !spec.clusterIPs?.length && (os.clusterIP ?? '') === (spec.clusterIP ?? '')) spec.clusterIPs = os.clusterIPs
  if ((os.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (os.clusterIP && !spec.clusterIP) {
      if (sameList(os.clusterIPs, spec.clusterIPs)) delete spec.clusterIPs
    } else if (sameList(os.clusterIPs, spec.clusterIPs)) {
      spec.clusterIPs = [spec.clusterIP!]
    }
  }
}

/** Wipes fields a type change made meaningless, when the user did not change them. */
function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = svc.spec!
  const os = old.spec ?? {}
  if (needsClusterIP(os) && !needsClusterIP(spec)) {
    if ((os.clusterIP ?? '') === (spec.clusterIP ?? '') && sameList(os.clusterIPs, spec.clusterIPs)) {
      delete spec.clusterIP
      delete spec.clusterIPs
    }
    if (sameList(os.ipFamilies, spec.ipFamilies)) delete spec.ipFamilies
    if (os.ipFamilyPolicy === spec.ipFamilyPolicy) delete spec.ipFamilyPolicy
  }
  const nodePorts = (s: ServiceSpec) => (s.ports ?? []).map((p) => p.nodePort ?? 0)
  if (needsNodePort(os) && !needsNodePort(spec) && sameList(nodePorts(os), nodePorts(spec))) for (const p of spec.ports ?? []) delete p.nodePort
  if (needsHealthCheck(os) && !needsHealthCheck(spec) && os.healthCheckNodePort === spec.healthCheckNodePort) delete spec.healthCheckNodePort
  if (os.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts === os.allocateLoadBalancerNodePorts) delete spec.allocateLoadBalancerNodePorts
    if (spec.loadBalancerClass === os.loadBalancerClass) delete spec.loadBalancerClass
  }
  if (externallyAccessible(os) && !externallyAccessible(spec) && spec.externalTrafficPolicy === os.externalTrafficPolicy) delete spec.externalTrafficPolicy
  if (spec.type !== 'LoadBalancer' && svc.status) (svc as Mutable<Service>).status = { ...svc.status, loadBalancer: {} }
}
export const serviceDefinition: ResourceDefinition<Service> = {
  group: '',
  version: 'v1',
  kind: 'Service',
  plural: 'services',
  singular: 'service',
  shortNames: ['svc'],
  categories: ['all'],
  namespaced: true,
  hasStatus: true,
  tableColumns: serviceColumns,
  defaults: defaultService,
  prepareForCreate,
  prepareForUpdate,
  validate: validateService,
  validateUpdate,
  validateStatusUpdate,
  selectableFields: (svc) => ({ 'spec.clusterIP': svc.spec?.clusterIP ?? '', 'spec.type': svc.spec?.type ?? '' })
  // Table columns and the OpenAPI schema are added here by a later change.
}
