import type { SubjectAccessReview, SubjectAccessReviewSpec } from 'kubernetes-types/authorization/v1'
import type { KubeObject, ObjectMetadata } from '../../apimachinery/types'
import { type FieldError, field } from '../../apimachinery/field-errors'
import { reviewDefinition } from './review-kind'

/**
 * authorization.k8s.io/v1 SubjectAccessReview: "may this user do this?",
 * asked by a component on someone else's behalf (a webhook, an aggregated
 * API server, kube-rbac-proxy). Create-only: the API front's authorizer
 * answers in status (allowed, reason) for the user and groups of the spec;
 * nothing is stored. Validation as pkg/apis/authorization/validation
 * ValidateSubjectAccessReview.
 */
export type SubjectAccessReviewObject = SubjectAccessReview & KubeObject

/** The checks every SubjectAccessReview spec passes (ValidateSubjectAccessReviewSpec). */
export function validateSubjectAccessReviewSpec(spec: SubjectAccessReviewSpec | undefined): FieldError[] {
  const errs: FieldError[] = []
  const s = spec ?? ({} as SubjectAccessReviewSpec)
  const hasResource = s.resourceAttributes !== undefined && s.resourceAttributes !== null
  const hasNonResource = s.nonResourceAttributes !== undefined && s.nonResourceAttributes !== null
  if (hasResource && hasNonResource) {
    errs.push(field.invalid('spec.nonResourceAttributes', s.nonResourceAttributes, 'cannot be specified in combination with resourceAttributes'))
  }
  if (!hasResource && !hasNonResource) {
    // Go prints the nil pointer it is given as the string "null".
    errs.push(field.invalid('spec.resourceAttributes', 'null', 'exactly one of nonResourceAttributes or resourceAttributes must be specified'))
  }
  if (!s.user && !s.groups?.length) errs.push(field.invalid('spec.user', s.user ?? '', 'at least one of user or group must be specified'))
  return errs
}

/**
 * What of the request's metadata a review may carry: none, beyond what the
 * request pipeline itself records (uid, creation time, managed fields) and,
 * for a namespaced review, the namespace of its path.
 */
export function extraMetadata(meta: ObjectMetadata | undefined, allowed: readonly string[]): boolean {
  const pipeline = ['uid', 'creationTimestamp', 'managedFields', ...allowed]
  return Object.entries(meta ?? {}).some(([k, v]) => !pipeline.includes(k) && v !== undefined && v !== null && v !== '')
}

export function validateSubjectAccessReview(review: SubjectAccessReviewObject): FieldError[] {
  const errs = validateSubjectAccessReviewSpec(review.spec)
  if (extraMetadata(review.metadata, [])) errs.push(field.invalid('metadata', review.metadata, 'must be empty'))
  return errs
}

export const subjectAccessReviewDefinition = reviewDefinition<SubjectAccessReviewObject>({ group: 'authorization.k8s.io', kind: 'SubjectAccessReview', validate: validateSubjectAccessReview })
