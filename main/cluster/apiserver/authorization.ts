import type { IncomingMessage } from 'node:http'
import { StatusError, badRequest, forbidden } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import type { Resources } from '../registry/resources'
import type { Requester } from '../registry/types'
import { parseRequestInfo } from './request-info'
import { type Authorizer, mastersGroup } from './rbac/authorizer'
import type { RequestAttributes } from './rbac/rule-resolver'

/**
 * Authorization of HTTP requests, and the reviews that ask about it:
 * SelfSubjectReview (`kubectl auth whoami`), SelfSubjectAccessReview
 * (`kubectl auth can-i`) and SelfSubjectRulesReview (`kubectl auth can-i
 * --list`), answered as kube-apiserver's REST handlers for them answer, by
 * the same authorizer that guards every request: system:masters may do
 * anything, everyone else what RBAC grants them. Kubelab's own user is in
 * system:masters; `--as` shows what other users may do.
 */

/** The apiserver's own identity, for requests of the in-process client. */
const loopbackUser: Requester = { username: 'system:apiserver', groups: ['system:authenticated', mastersGroup] }

/** An empty ObjectMeta as Go serialises it: the reviews the apiserver answers carry no metadata of their own. */
export const emptyMetadata = { creationTimestamp: null } as unknown as KubeObject['metadata']

export interface ReviewSpec {
  resourceAttributes?: { namespace?: string; verb?: string; group?: string; resource?: string; subresource?: string; name?: string }
  nonResourceAttributes?: { path?: string; verb?: string }
}

/** The attributes a SubjectAccessReview spec describes (validation made sure exactly one kind is there). */
export function reviewAttributes(spec: ReviewSpec): RequestAttributes {
  const r = spec.resourceAttributes
  if (r) {
    return { resourceRequest: true, verb: r.verb ?? '', group: r.group ?? '', resource: r.resource ?? '', subresource: r.subresource ?? '', name: r.name ?? '', namespace: r.namespace ?? '' }
  }
  return { resourceRequest: false, verb: spec.nonResourceAttributes?.verb ?? '', path: spec.nonResourceAttributes?.path ?? '' }
}

/** The attributes of an HTTP request, as the apiserver's RequestInfoFactory derives them. */
export function requestAttributes(method: string, url: string): RequestAttributes {
  const [rawPath, search] = url.split('?')
  const info = parseRequestInfo(method, rawPath || '/', new URLSearchParams(search ?? ''))
  if (info.kind !== 'resource') return { resourceRequest: false, verb: method.toLowerCase(), path: rawPath || '/' }
  // A namespace's own requests are in that namespace: a RoleBinding there may grant reading it.
  const namespace = info.resource === 'namespaces' && info.name && !info.namespace ? info.name : info.namespace ?? ''
  return { resourceRequest: true, verb: info.verb, group: info.group, resource: info.resource, subresource: info.subresource ?? '', name: info.name ?? '', namespace }
}

/** The 403 a denied request gets, worded as the apiserver's forbiddenMessage. */
export function forbiddenError(user: Requester, attrs: RequestAttributes, reason: string): StatusError {
  const who = JSON.stringify(user.username)
  if (!attrs.resourceRequest) {
    const message = `forbidden: User ${who} cannot ${attrs.verb} path ${JSON.stringify(attrs.path)}${reason ? `: ${reason}` : ''}`
    return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: 'Forbidden', details: {}, code: 403 })
  }
  const resource = attrs.subresource ? `${attrs.resource}/${attrs.subresource}` : attrs.resource
  const scope = attrs.namespace ? `in the namespace ${JSON.stringify(attrs.namespace)}` : 'at the cluster scope'
  const text = `User ${who} cannot ${attrs.verb} resource ${JSON.stringify(resource)} in API group ${JSON.stringify(attrs.group)} ${scope}`
  return forbidden({ group: attrs.group, resource: attrs.resource }, attrs.name, reason ? `${text}: ${reason}` : text)
}

/** The 403 for a request the user may not make, or undefined when it may go on. */
export function authorizeRequest(authorizer: Authorizer, req: IncomingMessage, user: Requester): StatusError | undefined {
  // The privileged group needs no parsing: the admin's every request takes this path.
  if (user.groups.includes(mastersGroup)) return undefined
  let attrs: RequestAttributes
  try {
    attrs = requestAttributes(req.method ?? 'GET', req.url ?? '/')
  } catch {
    // A malformed path is the handler's 400 to give.
    return undefined
  }
  const decision = authorizer.authorize(user, attrs)
  return decision.allowed ? undefined : forbiddenError(user, attrs, decision.reason)
}

function answerAccessReview(authorizer: Authorizer, review: KubeObject, requester: Requester | undefined): KubeObject {
  const decision = authorizer.authorize(requester ?? loopbackUser, reviewAttributes((review.spec ?? {}) as ReviewSpec))
  const status: Record<string, unknown> = { allowed: decision.allowed }
  if (decision.reason) status.reason = decision.reason
  return { apiVersion: review.apiVersion, kind: review.kind, metadata: emptyMetadata, spec: review.spec, status } as KubeObject
}

/** The requester's rules in spec.namespace; the apiserver refuses a review without one. */
function answerRulesReview(authorizer: Authorizer, review: KubeObject, requester: Requester | undefined): KubeObject {
  const namespace = (review.spec as { namespace?: string } | undefined)?.namespace
  if (!namespace) throw badRequest('no namespace on request')
  const rules = authorizer.rulesFor(requester ?? loopbackUser, namespace)
  const status: Record<string, unknown> = {
    resourceRules: rules.resourceRules.map((r) => ({
      verbs: r.verbs,
      ...(r.apiGroups?.length ? { apiGroups: r.apiGroups } : {}),
      ...(r.resources?.length ? { resources: r.resources } : {}),
      ...(r.resourceNames?.length ? { resourceNames: r.resourceNames } : {})
    })),
    nonResourceRules: rules.nonResourceRules.map((r) => ({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
    incomplete: false
  }
  if (rules.evaluationError) status.evaluationError = rules.evaluationError
  return { apiVersion: review.apiVersion, kind: review.kind, metadata: emptyMetadata, spec: {}, status } as KubeObject
}

/** The requester as the authenticator saw them. */
function answerSelfReview(review: KubeObject, requester: Requester | undefined): KubeObject {
  const user = requester ?? loopbackUser
  return {
    apiVersion: review.apiVersion,
    kind: review.kind,
    metadata: { creationTimestamp: review.metadata.creationTimestamp },
    status: { userInfo: { username: user.username, ...(user.uid ? { uid: user.uid } : {}), groups: user.groups, ...(user.extra ? { extra: user.extra } : {}) } }
  } as KubeObject
}

/** Registers the answers of the three self reviews on the registry's create-only kinds. */
export function answerSelfReviews(resources: Resources, authorizer: Authorizer): void {
  resources.answerCreates('authentication.k8s.io', 'selfsubjectreviews', answerSelfReview)
  resources.answerCreates('authorization.k8s.io', 'selfsubjectaccessreviews', (r, who) => answerAccessReview(authorizer, r, who))
  resources.answerCreates('authorization.k8s.io', 'selfsubjectrulesreviews', (r, who) => answerRulesReview(authorizer, r, who))
}
