import type { LocalSubjectAccessReview } from 'kubernetes-types/authorization/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, field } from '../../apimachinery/field-errors'
import { extraMetadata, validateSubjectAccessReviewSpec } from './subjectaccessreview'
import { reviewDefinition } from './review-kind'

/**
 * authorization.k8s.io/v1 LocalSubjectAccessReview: a SubjectAccessReview
 * confined to one namespace, so that a namespace's admin can be allowed to
 * ask it without asking about the whole cluster. Create-only, answered by
 * the authorizer. Validation as ValidateLocalSubjectAccessReview: the spec's
 * namespace must be the path's, and only resource requests may be asked.
 */
export type LocalSubjectAccessReviewObject = LocalSubjectAccessReview & KubeObject

export function validateLocalSubjectAccessReview(review: LocalSubjectAccessReviewObject): FieldError[] {
  const errs = validateSubjectAccessReviewSpec(review.spec)
  if (extraMetadata(review.metadata, ['namespace'])) errs.push(field.invalid('metadata', review.metadata, 'must be empty except for namespace'))
  const attrs = review.spec?.resourceAttributes
  if (attrs && (attrs.namespace ?? '') !== (review.metadata?.namespace ?? '')) {
    errs.push(field.invalid('spec.resourceAttributes.namespace', attrs.namespace ?? '', 'must match metadata.namespace'))
  }
  if (review.spec?.nonResourceAttributes) {
    errs.push(field.invalid('spec.nonResourceAttributes', review.spec.nonResourceAttributes, 'disallowed on this kind of request'))
  }
  return errs
}

export const localSubjectAccessReviewDefinition = reviewDefinition<LocalSubjectAccessReviewObject>({ group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview', namespaced: true, validate: validateLocalSubjectAccessReview })
