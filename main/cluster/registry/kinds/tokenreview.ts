import type { TokenReview } from 'kubernetes-types/authentication/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'

/**
 * authentication.k8s.io/v1 TokenReview: "whose token is this?", asked by
 * components that accept Kubernetes bearer tokens themselves (webhook token
 * authentication, aggregated API servers, Vault's Kubernetes auth).
 * Create-only: the API front runs the token through the cluster's token
 * authenticators and answers in status (authenticated, user, audiences,
 * error); nothing is stored. The REST handler, not validation, refuses an
 * empty token (token-review.ts).
 */
export type TokenReviewObject = TokenReview & KubeObject

export const tokenReviewDefinition: ResourceDefinition<TokenReviewObject> = {
  group: 'authentication.k8s.io',
  version: 'v1',
  kind: 'TokenReview',
  plural: 'tokenreviews',
  singular: 'tokenreview',
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
