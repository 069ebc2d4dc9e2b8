import type { SelfSubjectReview } from 'kubernetes-types/authentication/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'

/**
 * authentication.k8s.io/v1 SelfSubjectReview: "who am I?", asked by
 * `kubectl auth whoami`. Create-only: the API front fills status.userInfo
 * with the requester's user; nothing is stored.
 */
export type SelfSubjectReviewObject = SelfSubjectReview & KubeObject

export const selfSubjectReviewDefinition: ResourceDefinition<SelfSubjectReviewObject> = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectReview',
  plural: 'selfsubjectreviews',
  singular: 'selfsubjectreview',
  shortNames: [],
  categories: [],
  namespaced: false,
  hasStatus: false,
  createOnly: true,
  verbs: ['create'],

  defaults() {},

  prepareForCreate(review) {
    delete review.status
  },

  validate() {
    return []
  }
}
