import type { SelfSubjectRulesReview } from 'kubernetes-types/authorization/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview: "what may I do in this
 * namespace?", asked by `kubectl auth can-i --list`. Create-only: the API
 * front's authorizer lists the rules in status; nothing is stored. The
 * apiserver validates nothing beyond decoding.
 */
export type SelfSubjectRulesReviewObject = SelfSubjectRulesReview & KubeObject

export const selfSubjectRulesReviewDefinition: ResourceDefinition<SelfSubjectRulesReviewObject> = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectRulesReview',
  plural: 'selfsubjectrulesreviews',
  singular: 'selfsubjectrulesreview',
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
