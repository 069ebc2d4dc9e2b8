import type { CustomResourceDefinition } from 'kubernetes-types/apiextensions/v1'
import type { KubeObject } from '../../apimachinery/types'
import { path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain, validateObjectMeta } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'

/**
 * apiextensions.k8s.io/v1 CustomResourceDefinition, served read-only: the
 * list exists (every real apiserver has it, and kubectl lists it to tell a
 * CRD from a built-in kind before validating a manifest client-side) and is
 * empty, because Kubelab serves no custom resources. Creating one is refused
 * (405) rather than stored and then ignored; see the README's differences.
 */
export type CustomResourceDefinitionObject = CustomResourceDefinition & KubeObject

export const customResourceDefinitionDefinition: ResourceDefinition<CustomResourceDefinitionObject> = {
  group: 'apiextensions.k8s.io',
  version: 'v1',
  kind: 'CustomResourceDefinition',
  plural: 'customresourcedefinitions',
  singular: 'customresourcedefinition',
  shortNames: ['crd', 'crds'],
  categories: ['api-extensions'],
  namespaced: false,
  hasStatus: true,
  verbs: ['get', 'list', 'watch'],

  defaults() {},

  validate(crd) {
    return validateObjectMeta(crd.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, path('metadata'))
  },

  validateUpdate(crd) {
    return validateObjectMeta(crd.metadata, { namespaced: false, validateName: nameIsDNSSubdomain }, path('metadata'))
  }
}
