import { field, inline, list, message, pointer, required } from './descriptor'
import { ObjectMeta } from './meta-v1'
import { TypedLocalObjectReference } from './core-v1-refs'

/** k8s.io/api/networking/v1 Ingress (`kubectl create ingress`). */

const NETWORKING = 'k8s.io.api.networking.v1'

export const ServiceBackendPort = message(`${NETWORKING}.ServiceBackendPort`, {
  1: field('name', 'string'),
  2: field('number', 'int32')
})

export const IngressServiceBackend = message(`${NETWORKING}.IngressServiceBackend`, {
  1: required('name', 'string'),
  2: field('port', ServiceBackendPort)
})

export const IngressBackend = message(`${NETWORKING}.IngressBackend`, {
  3: pointer('resource', TypedLocalObjectReference),
  4: pointer('service', IngressServiceBackend)
})

export const HTTPIngressPath = message(`${NETWORKING}.HTTPIngressPath`, {
  1: field('path', 'string'),
  2: required('backend', IngressBackend),
  3: pointer('pathType', 'string')
})

export const HTTPIngressRuleValue = message(`${NETWORKING}.HTTPIngressRuleValue`, {
  1: list('paths', HTTPIngressPath)
})

export const IngressRuleValue = message(`${NETWORKING}.IngressRuleValue`, {
  1: pointer('http', HTTPIngressRuleValue)
})

export const IngressRule = message(`${NETWORKING}.IngressRule`, {
  1: field('host', 'string'),
  2: inline('ingressRuleValue', IngressRuleValue)
})

export const IngressTLS = message(`${NETWORKING}.IngressTLS`, {
  1: list('hosts', 'string'),
  2: field('secretName', 'string')
})

export const IngressSpec = message(`${NETWORKING}.IngressSpec`, {
  1: pointer('defaultBackend', IngressBackend),
  2: list('tls', IngressTLS),
  3: list('rules', IngressRule),
  4: pointer('ingressClassName', 'string')
})

export const IngressPortStatus = message(`${NETWORKING}.IngressPortStatus`, {
  1: required('port', 'int32'),
  2: required('protocol', 'string'),
  3: pointer('error', 'string')
})

export const IngressLoadBalancerIngress = message(`${NETWORKING}.IngressLoadBalancerIngress`, {
  1: field('ip', 'string'),
  2: field('hostname', 'string'),
  4: list('ports', IngressPortStatus)
})

export const IngressStatus = message(`${NETWORKING}.IngressStatus`, {
  1: field(
    'loadBalancer',
    message(`${NETWORKING}.IngressLoadBalancerStatus`, { 1: list('ingress', IngressLoadBalancerIngress) })
  )
})

export const Ingress = message(`${NETWORKING}.Ingress`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', IngressSpec),
  3: field('status', IngressStatus)
})
