import type { ServiceSpec } from 'kubernetes-types/core/v1'

/**
 * What a Service's spec means, shared by its defaults, its strategy and its
 * validation (pkg/apis/core/validation and pkg/registry/core/service): the
 * allowed values, and the predicates on type and IPs.
 */

/** The cluster's only IP family: Kubelab's Service network is single-stack IPv4. */
export const clusterIPFamilies = ['IPv4']

export const serviceTypes = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']
export const affinities = ['ClientIP', 'None']
export const protocols = ['SCTP', 'TCP', 'UDP']
export const ipFamilies = ['IPv4', 'IPv6']
export const ipFamilyPolicies = ['PreferDualStack', 'RequireDualStack', 'SingleStack']
export const trafficPolicies = ['Cluster', 'Local']

/** A Service reachable from outside the cluster (service.ExternallyAccessible). */
export function externallyAccessible(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' || (spec.type === 'ClusterIP' && (spec.externalIPs?.length ?? 0) > 0)
}

export function isHeadless(spec: ServiceSpec): boolean {
  return spec.clusterIPs?.length === 1 && spec.clusterIPs[0] === 'None'
}

export function needsClusterIP(spec: ServiceSpec): boolean {
  return spec.type !== 'ExternalName'
}

export function needsNodePort(spec: ServiceSpec): boolean {
  return spec.type === 'NodePort' || (spec.type === 'LoadBalancer' && spec.allocateLoadBalancerNodePorts !== false)
}

export function needsHealthCheck(spec: ServiceSpec): boolean {
  return spec.type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local'
}
