import type { SelfSubjectAccessReview } from 'kubernetes-types/authorization/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field } from '../../apimachinery/field-errors'
import { reviewDefinition } from './review-kind'

/**
 * authorization.k8s.io/v1 SelfSubjectAccessReview: "can I do this?", asked
 * by `kubectl auth can-i`. Create-only: the API front's authorizer answers
 * in status (allowed, reason); nothing is stored. Validation as
 * pkg/apis/authorization/validation ValidateSelfSubjectAccessReviewSpec.
 */
export type SelfSubjectAccessReviewObject = SelfSubjectAccessReview & KubeObject

export function validateSelfSubjectAccessReview(review: SelfSubjectAccessReviewObject): FieldError[] {
  const errs: FieldError[] = []
  const spec = review.spec ?? {}
  const hasResource = spec.resourceAttributes !== undefined && spec.resourceAttributes !== null
  const hasNonResource = spec.nonResourceAttributes !== undefined && spec.nonResourceAttributes !== null
  if (hasResource && hasNonResource) {
    errs.push(field.invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'))
  }
  if (!hasResource && !hasNonResource) {
    errs.push(field.invalid('spec.resourceAttributes', null, 'exactly one of nonResourceAttributes or resourceAttributes must be specified'))
  }
  return errs
}

export const selfSubjectAccessReviewDefinition = reviewDefinition<SelfSubjectAccessReviewObject>({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview', validate: validateSelfSubjectAccessReview })
