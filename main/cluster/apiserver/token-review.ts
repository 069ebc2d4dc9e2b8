import { createHash, timingSafeEqual } from 'node:crypto'
import { badRequest } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import type { Resources } from '../registry/resources'
import type { User } from './authn'
import { ADMIN_GROUP, ADMIN_USER } from './pki'
import { API_AUDIENCE, type ServiceAccountTokens, type TokenVerdict } from './service-account-tokens'

/**
 * TokenReview, answered as kube-apiserver's TokenReview REST answers it: the
 * token goes through the cluster's bearer token authenticators (the admin
 * bearer token in the PKI dir, then the service account tokens) for the
 * audiences the review names, or the API's own when it names none; status
 * says whether it authenticated, as whom, for which audiences, and otherwise
 * why not in the bearer token authenticator's words.
 */

/** The bearer token authenticator's refusal when no token authenticator said more. */
const invalidToken = 'invalid bearer token'

/** The user of a static token, as Go's user.DefaultInfo serialises into UserInfo. */
interface UserInfo {
  username: string
  uid?: string
  groups: string[]
  extra?: Record<string, string[]>
}

function userInfo(user: User): UserInfo {
  return { username: user.name, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra && Object.keys(user.extra).length ? { extra: user.extra } : {}) }
}

function sha256(s: string): Buffer {
  return createHash('sha256').update(s).digest()
}

/** What the cluster's token authenticators make of a token for `audiences`, in the order kube-apiserver unions them. */
export function reviewToken(adminToken: string, serviceAccounts: ServiceAccountTokens | undefined, token: string, audiences: readonly string[]): TokenVerdict {
  if (timingSafeEqual(sha256(token), sha256(adminToken))) {
    // The static token knows no audiences: it is good only for the API's own (WrapAudienceAgnosticToken).
    if (!audiences.includes(API_AUDIENCE)) return {}
    return { user: { name: ADMIN_USER, groups: [ADMIN_GROUP, 'system:authenticated'] }, audiences: [API_AUDIENCE] }
  }
  return serviceAccounts?.review(token, audiences) ?? {}
}

/** The TokenReview with its status filled in; the spec comes back as it was sent. */
export function answerTokenReview(adminToken: string, serviceAccounts: ServiceAccountTokens | undefined, review: KubeObject): KubeObject {
  const spec = (review.spec ?? {}) as { token?: string; audiences?: string[] }
  if (!spec.token) throw badRequest('token is required for TokenReview in authentication')
  const audiences = spec.audiences?.length ? spec.audiences : [API_AUDIENCE]
  const verdict = reviewToken(adminToken, serviceAccounts, spec.token, audiences)
  const status: Record<string, unknown> = verdict.user
    ? { authenticated: true, user: userInfo(verdict.user), ...(verdict.audiences?.length ? { audiences: verdict.audiences } : {}) }
    : { user: {}, error: verdict.error ? `[${invalidToken}, ${verdict.error}]` : invalidToken }
  return { apiVersion: review.apiVersion, kind: review.kind, metadata: { creationTimestamp: null }, spec: review.spec, status } as unknown as KubeObject
}

/** Registers the TokenReview answer of the cluster whose static token is `adminToken`. */
export function answerTokenReviews(resources: Resources, adminToken: string, serviceAccounts: ServiceAccountTokens | undefined): void {
  resources.answerCreates('authentication.k8s.io', 'tokenreviews', (r) => answerTokenReview(adminToken, serviceAccounts, r))
}
