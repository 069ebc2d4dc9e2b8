import type { Ingress } from 'kubernetes-types/networking/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field, path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { ingressColumns } from '../columns/ingress'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { validateIngressSpec } from './ingress-validation'

/**
 * networking.k8s.io/v1 Ingress: HTTP routes from hosts and paths to
 * services. Kubelab runs no ingress controller, so nothing fills
 * status.loadBalancer and ADDRESS stays empty, as on a cluster before one is
 * installed.
 */
export type IngressObject = Ingress & KubeObject

/** The annotation that named the class before spec.ingressClassName existed. */
export const ingressClassAnnotation = 'kubernetes.io/ingress.class'

function validateIngress(ing: IngressObject): FieldError[] {
  const errs = validateCoreObjectMeta(ing.metadata, true, nameIsDNSSubdomain, path('metadata'))
  errs.push(...validateIngressSpec(ing.spec, path('spec')))
  return errs
}

export const ingressDefinition: ResourceDefinition<IngressObject> = {
  group: 'networking.k8s.io',
  version: 'v1',
  kind: 'Ingress',
  plural: 'ingresses',
  singular: 'ingress',
  shortNames: ['ing'],
  categories: [],
  namespaced: true,
  hasStatus: true,
  tracksGeneration: true,
  tableColumns: ingressColumns,

  defaults() {},

  prepareForCreate(ing) {
    // A new ingress has not been admitted by any controller yet.
    ing.status = { loadBalancer: {} }
  },

  validate(ing) {
    const errs = validateIngress(ing)
    const annotated = ing.metadata.annotations?.[ingressClassAnnotation]
    if (annotated !== undefined && ing.spec?.ingressClassName) {
      errs.push(field.invalid(`annotations.${ingressClassAnnotation}`, annotated, 'can not be set when the class field is also set'))
    }
    return errs
  },

  validateUpdate: validateIngress
}
