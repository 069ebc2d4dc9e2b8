import type { IngressClass } from 'kubernetes-types/networking/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { isDNS1123Subdomain, nameIsDNSSubdomain, validateImmutable } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ingressClassColumns } from '../columns/ingress'
import { validateCoreObjectMeta } from '../validation/object-meta'

/**
 * networking.k8s.io/v1 IngressClass: names the controller that implements a
 * class of ingresses (`k8s.io/ingress-nginx`); the one annotated
 * `ingressclass.kubernetes.io/is-default-class: "true"` is given to new
 * ingresses that name none. The controller never changes.
 */
export type IngressClassObject = IngressClass & KubeObject

/** The annotation marking the cluster's default class. */
export const defaultClassAnnotation = 'ingressclass.kubernetes.io/is-default-class'

const maxControllerLength = 250
const pathSegment = /^[A-Za-z0-9/\-._~%!$&'()*+,;=:]+$/

/** IsDomainPrefixedPath: `example.com/path`. */
function validateController(controller: string | undefined, fp: string): FieldError[] {
  if (!controller) return [field.required(fp)]
  if (controller.length > maxControllerLength) return [field.tooLong(fp, controller, maxControllerLength)]
  const slash = controller.indexOf('/')
  if (slash < 0) return [field.invalid(fp, controller, 'must be a domain-prefixed path (such as "acme.io/foo")')]
  const host = controller.slice(0, slash)
  const rest = controller.slice(slash + 1)
  const errs = isDNS1123Subdomain(host).map((m) => field.invalid(fp, host, m))
  if (!pathSegment.test(rest)) errs.push(field.invalid(fp, rest, 'Invalid path'))
  return errs
}

function validateIngressClass(ic: IngressClassObject): FieldError[] {
  const errs = validateCoreObjectMeta(ic.metadata, false, nameIsDNSSubdomain, path('metadata'))
  errs.push(...validateController(ic.spec?.controller, 'spec.controller'))
  const p = ic.spec?.parameters
  if (p) {
    if (!p.kind) errs.push(field.required('spec.parameters.kind'))
    if (!p.name) errs.push(field.required('spec.parameters.name'))
    if (p.scope !== undefined && p.scope !== 'Cluster' && p.scope !== 'Namespace') errs.push(field.notSupported('spec.parameters.scope', p.scope, ['Cluster', 'Namespace']))
    if (p.scope === 'Namespace' && !p.namespace) errs.push(field.required('spec.parameters.namespace', '`parameters.scope` is set to \'Namespace\''))
    if (p.scope === 'Cluster' && p.namespace) errs.push(field.forbidden('spec.parameters.namespace', '`parameters.scope` is set to \'Cluster\''))
  }
  return errs
}

export const ingressClassDefinition: ResourceDefinition<IngressClassObject> = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'IngressClass',
  plural: 'ingressclasses',
  singular: 'ingressclass',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  tracksGeneration: true,
  tableColumns: ingressClassColumns,

  defaults(ic) {
    // Parameters without a scope refer to a cluster-wide object.
    if (ic.spec?.parameters && !ic.spec.parameters.scope) ic.spec.parameters.scope = 'Cluster'
  },

  validate: validateIngressClass,

  validateUpdate(ic, old) {
    return [...validateIngressClass(ic), ...validateImmutable(ic.spec?.controller, old.spec?.controller, 'spec.controller')]
  }
}
