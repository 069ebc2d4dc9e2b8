import type { FieldError } from '../../apimachinery/field-errors'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'

/**
 * The definition of a review kind (authentication.k8s.io and
 * authorization.k8s.io `v1` *Review): create-only, answered by the API front
 * in `status`, never stored. A status sent in the request is dropped.
 */
export function reviewDefinition<T extends KubeObject & { status?: unknown }>(review: {
  group: 'authentication.k8s.io' | 'authorization.k8s.io'
  kind: string
  namespaced?: boolean
  validate?: (review: T) => FieldError[]
}): ResourceDefinition<T> {
  const singular = review.kind.toLowerCase()
  return {
    group: review.group,
    version: 'v1',
    kind: review.kind,
    plural: `${singular}s`,
    singular,
    shortNames: [],
    categories: [],
    namespaced: review.namespaced ?? false,
    hasStatus: false,
    createOnly: true,
    verbs: ['create'],

    defaults() {},

    prepareForCreate(obj) {
      delete obj.status
    },

    validate: review.validate ?? (() => [])
  }
}
