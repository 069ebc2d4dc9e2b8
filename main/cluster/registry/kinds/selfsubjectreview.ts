import type { SelfSubjectReview } from 'kubernetes-types/authentication/v1'
import type { KubeObject } from '../../apimachinery/types'
import { reviewDefinition } from './review-kind'

/**
 * authentication.k8s.io/v1 SelfSubjectReview: "who am I?", asked by
 * `kubectl auth whoami`. Create-only: the API front fills status.userInfo
 * with the requester's user; nothing is stored.
 */
export type SelfSubjectReviewObject = SelfSubjectReview & KubeObject

export const selfSubjectReviewDefinition = reviewDefinition<SelfSubjectReviewObject>({ group: 'authentication.k8s.io', kind: 'SelfSubjectReview' })
