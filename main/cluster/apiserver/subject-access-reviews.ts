import type { KubeObject } from '../apimachinery/types'
import type { Resources } from '../registry/resources'
import type { Requester } from '../registry/types'
import type { Authorizer } from './rbac/authorizer'
import { type ReviewSpec, emptyMetadata, reviewAttributes } from './authorization'

/**
 * SubjectAccessReview and LocalSubjectAccessReview, answered as
 * kube-apiserver's REST handlers for them answer: the spec names the user
 * (name, uid, groups, extra) and the request; the same authorizer that
 * guards every request decides, and status says allowed and why. Unlike the
 * self reviews the requester does not matter: whoever may create the review
 * may ask about anyone. RBAC never denies outright, so status.denied never
 * appears; a user RBAC grants nothing is simply not allowed.
 */

interface SubjectSpec extends ReviewSpec {
  user?: string
  uid?: string
  groups?: string[]
  extra?: Record<string, string[]>
}

/** The user a review asks about, as AuthorizationAttributesFrom builds it: exactly the spec's, nothing added. */
function subjectOf(spec: SubjectSpec): Requester {
  return {
    username: spec.user ?? '',
    groups: spec.groups ?? [],
    ...(spec.uid ? { uid: spec.uid } : {}),
    ...(spec.extra ? { extra: spec.extra } : {})
  }
}

/** The review with status filled in; the spec is returned as it was sent. */
export function answerSubjectAccessReview(authorizer: Authorizer, review: KubeObject): KubeObject {
  const spec = (review.spec ?? {}) as SubjectSpec
  const decision = authorizer.authorize(subjectOf(spec), reviewAttributes(spec))
  const status: Record<string, unknown> = { allowed: decision.allowed }
  if (decision.reason) status.reason = decision.reason
  // A LocalSubjectAccessReview keeps its namespace: the only metadata it may carry.
  const metadata = review.metadata.namespace ? { namespace: review.metadata.namespace, creationTimestamp: null } : emptyMetadata
  return { apiVersion: review.apiVersion, kind: review.kind, metadata, spec: review.spec, status } as KubeObject
}

/** Registers the answers of SubjectAccessReview and LocalSubjectAccessReview on the registry's create-only kinds. */
export function answerSubjectAccessReviews(resources: Resources, authorizer: Authorizer): void {
  resources.answerCreates('authorization.k8s.io', 'subjectaccessreviews', (r) => answerSubjectAccessReview(authorizer, r))
  resources.answerCreates('authorization.k8s.io', 'localsubjectaccessreviews', (r) => answerSubjectAccessReview(authorizer, r))
}
