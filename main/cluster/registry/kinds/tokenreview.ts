import type { TokenReview } from 'kubernetes-types/authentication/v1'
import type { KubeObject } from '../../apimachinery/types'
import { reviewDefinition } from './review-kind'

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

export const tokenReviewDefinition = reviewDefinition<TokenReviewObject>({ group: 'authentication.k8s.io', kind: 'TokenReview' })
