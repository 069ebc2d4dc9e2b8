import type { SelfSubjectRulesReview } from 'kubernetes-types/authorization/v1'
import type { KubeObject } from '../../apimachinery/types'
import { reviewDefinition } from './review-kind'

/**
 * authorization.k8s.io/v1 SelfSubjectRulesReview: "what may I do in this
 * namespace?", asked by `kubectl auth can-i --list`. Create-only: the API
 * front's authorizer lists the rules in status; nothing is stored. The
 * apiserver validates nothing beyond decoding.
 */
export type SelfSubjectRulesReviewObject = SelfSubjectRulesReview & KubeObject

export const selfSubjectRulesReviewDefinition = reviewDefinition<SelfSubjectRulesReviewObject>({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview' })
