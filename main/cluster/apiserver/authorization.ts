import { badRequest } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import type { Resources } from '../registry/resources'
import type { Requester } from '../registry/types'

/**
 * Authorization as Kubelab does it, and the reviews that ask about it:
 * SelfSubjectReview (`kubectl auth whoami`), SelfSubjectAccessReview
 * (`kubectl auth can-i`) and SelfSubjectRulesReview (`kubectl auth can-i
 * --list`), answered as kube-apiserver's REST handlers for them answer.
 *
 * Kubelab has no RBAC: whoever authenticates (the admin's client certificate,
 * in system:masters, or the admin token) may do everything, as system:masters
 * may on a kubeadm or kind cluster, where the privileged-group authorizer
 * allows with no reason. The rules a rules review lists are that cluster's
 * for its admin: cluster-admin's, then those the default bootstrap roles
 * grant every authenticated user (system:basic-user, system:discovery,
 * system:public-info-viewer).
 */

/** The apiserver's own identity, for requests of the in-process client. */
const loopbackUser: Requester = { username: 'system:apiserver', groups: ['system:authenticated', 'system:masters'] }

interface ResourceRule {
  verbs: string[]
  apiGroups?: string[]
  resources?: string[]
  resourceNames?: string[]
}

interface NonResourceRule {
  verbs: string[]
  nonResourceURLs?: string[]
}

const publicInfoURLs = ['/livez', '/readyz', '/healthz', '/version', '/version/']

/** What every authenticated user of Kubelab may do, as RBAC's RulesFor lists it for a cluster admin. */
const resourceRules: ResourceRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] }, // cluster-admin
  { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'] }, // system:basic-user
  { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'] } // system:basic-user
]

const nonResourceRules: NonResourceRule[] = [
  { verbs: ['*'], nonResourceURLs: ['*'] }, // cluster-admin
  { verbs: ['get'], nonResourceURLs: [...publicInfoURLs, '/api', '/api/*', '/apis', '/apis/*', '/openapi', '/openapi/*'] }, // system:discovery
  { verbs: ['get'], nonResourceURLs: publicInfoURLs } // system:public-info-viewer
]

/** An empty ObjectMeta as Go serialises it: the reviews the apiserver answers carry no metadata of their own. */
const emptyMetadata = { creationTimestamp: null } as unknown as KubeObject['metadata']

/** Every request is allowed: no reason, as the privileged-group authorizer gives none. */
function answerAccessReview(review: KubeObject): KubeObject {
  return { apiVersion: review.apiVersion, kind: review.kind, metadata: emptyMetadata, spec: review.spec, status: { allowed: true } } as KubeObject
}

/** The requester's rules in spec.namespace; the apiserver refuses a review without one. */
function answerRulesReview(review: KubeObject): KubeObject {
  const namespace = (review.spec as { namespace?: string } | undefined)?.namespace
  if (!namespace) throw badRequest('no namespace on request')
  return {
    apiVersion: review.apiVersion,
    kind: review.kind,
    metadata: emptyMetadata,
    spec: {},
    status: { resourceRules, nonResourceRules, incomplete: false }
  } as KubeObject
}

/** The requester as the authenticator saw them. */
function answerSelfReview(review: KubeObject, requester: Requester | undefined): KubeObject {
  const user = requester ?? loopbackUser
  return {
    apiVersion: review.apiVersion,
    kind: review.kind,
    metadata: { creationTimestamp: review.metadata.creationTimestamp },
    status: { userInfo: { username: user.username, groups: user.groups } }
  } as KubeObject
}

/** Registers the answers of the three self reviews on the registry's create-only kinds. */
export function answerSelfReviews(resources: Resources): void {
  resources.answerCreates('authentication.k8s.io', 'selfsubjectreviews', answerSelfReview)
  resources.answerCreates('authorization.k8s.io', 'selfsubjectaccessreviews', answerAccessReview)
  resources.answerCreates('authorization.k8s.io', 'selfsubjectrulesreviews', answerRulesReview)
}
