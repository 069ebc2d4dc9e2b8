import { field, list, map, message, pointer, required } from './descriptor'
import { Condition, ObjectMeta } from './meta-v1'
import { CORE, LocalObjectReference, ObjectReference } from './core-v1-refs'

/** k8s.io/api/core/v1 kinds that `kubectl create` sends (besides pods). */

export const NamespaceCondition = message(`${CORE}.NamespaceCondition`, {
  1: required('type', 'string'),
  2: required('status', 'string'),
  4: field('lastTransitionTime', 'Time'),
  5: field('reason', 'string'),
  6: field('message', 'string')
})

export const Namespace = message(`${CORE}.Namespace`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', message(`${CORE}.NamespaceSpec`, { 1: list('finalizers', 'string') })),
  3: field(
    'status',
    message(`${CORE}.NamespaceStatus`, {
      1: field('phase', 'string'),
      2: list('conditions', NamespaceCondition)
    })
  )
})

export const ConfigMap = message(`${CORE}.ConfigMap`, {
  1: field('metadata', ObjectMeta),
  2: map('data', 'string'),
  3: map('binaryData', 'bytes'),
  4: pointer('immutable', 'bool')
})

export const Secret = message(`${CORE}.Secret`, {
  1: field('metadata', ObjectMeta),
  2: map('data', 'bytes'),
  3: field('type', 'string'),
  4: map('stringData', 'string'),
  5: pointer('immutable', 'bool')
})

export const ServicePort = message(`${CORE}.ServicePort`, {
  1: field('name', 'string'),
  2: field('protocol', 'string'),
  3: required('port', 'int32'),
  4: field('targetPort', 'IntOrString'),
  5: field('nodePort', 'int32'),
  6: pointer('appProtocol', 'string')
})

export const ClientIPConfig = message(`${CORE}.ClientIPConfig`, {
  1: pointer('timeoutSeconds', 'int32')
})

export const SessionAffinityConfig = message(`${CORE}.SessionAffinityConfig`, {
  1: pointer('clientIP', ClientIPConfig)
})

export const ServiceSpec = message(`${CORE}.ServiceSpec`, {
  1: list('ports', ServicePort),
  2: map('selector', 'string'),
  3: field('clusterIP', 'string'),
  4: field('type', 'string'),
  5: list('externalIPs', 'string'),
  7: field('sessionAffinity', 'string'),
  8: field('loadBalancerIP', 'string'),
  9: list('loadBalancerSourceRanges', 'string'),
  10: field('externalName', 'string'),
  11: field('externalTrafficPolicy', 'string'),
  12: field('healthCheckNodePort', 'int32'),
  13: field('publishNotReadyAddresses', 'bool'),
  14: pointer('sessionAffinityConfig', SessionAffinityConfig),
  17: pointer('ipFamilyPolicy', 'string'),
  18: list('clusterIPs', 'string'),
  19: list('ipFamilies', 'string'),
  20: pointer('allocateLoadBalancerNodePorts', 'bool'),
  21: pointer('loadBalancerClass', 'string'),
  22: pointer('internalTrafficPolicy', 'string'),
  23: pointer('trafficDistribution', 'string')
})

export const PortStatus = message(`${CORE}.PortStatus`, {
  1: required('port', 'int32'),
  2: required('protocol', 'string'),
  3: pointer('error', 'string')
})

export const LoadBalancerIngress = message(`${CORE}.LoadBalancerIngress`, {
  1: field('ip', 'string'),
  2: field('hostname', 'string'),
  3: pointer('ipMode', 'string'),
  4: list('ports', PortStatus)
})

export const ServiceStatus = message(`${CORE}.ServiceStatus`, {
  1: field('loadBalancer', message(`${CORE}.LoadBalancerStatus`, { 1: list('ingress', LoadBalancerIngress) })),
  2: list('conditions', Condition)
})

export const Service = message(`${CORE}.Service`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', ServiceSpec),
  3: field('status', ServiceStatus)
})

export const ServiceAccount = message(`${CORE}.ServiceAccount`, {
  1: field('metadata', ObjectMeta),
  2: list('secrets', ObjectReference),
  3: list('imagePullSecrets', LocalObjectReference),
  4: pointer('automountServiceAccountToken', 'bool')
})

export const ScopedResourceSelectorRequirement = message(`${CORE}.ScopedResourceSelectorRequirement`, {
  1: required('scopeName', 'string'),
  2: required('operator', 'string'),
  3: list('values', 'string')
})

export const ResourceQuotaSpec = message(`${CORE}.ResourceQuotaSpec`, {
  1: map('hard', 'Quantity'),
  2: list('scopes', 'string'),
  3: pointer(
    'scopeSelector',
    message(`${CORE}.ScopeSelector`, { 1: list('matchExpressions', ScopedResourceSelectorRequirement) })
  )
})

export const ResourceQuota = message(`${CORE}.ResourceQuota`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', ResourceQuotaSpec),
  3: field(
    'status',
    message(`${CORE}.ResourceQuotaStatus`, {
      1: map('hard', 'Quantity'),
      2: map('used', 'Quantity')
    })
  )
})
