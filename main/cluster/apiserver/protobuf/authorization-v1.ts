import { field, list, message, pointer, required } from './descriptor'
import { LabelSelectorRequirement, ObjectMeta } from './meta-v1'

/** k8s.io/api/authorization/v1 self reviews (`kubectl auth can-i`, `kubectl auth can-i --list`). */

const AUTHZ = 'k8s.io.api.authorization.v1'
const META = 'k8s.io.apimachinery.pkg.apis.meta.v1'

export const FieldSelectorRequirement = message(`${META}.FieldSelectorRequirement`, {
  1: required('key', 'string'),
  2: required('operator', 'string'),
  3: list('values', 'string')
})

export const FieldSelectorAttributes = message(`${AUTHZ}.FieldSelectorAttributes`, {
  1: field('rawSelector', 'string'),
  2: list('requirements', FieldSelectorRequirement)
})

export const LabelSelectorAttributes = message(`${AUTHZ}.LabelSelectorAttributes`, {
  1: field('rawSelector', 'string'),
  2: list('requirements', LabelSelectorRequirement)
})

export const ResourceAttributes = message(`${AUTHZ}.ResourceAttributes`, {
  1: field('namespace', 'string'),
  2: field('verb', 'string'),
  3: field('group', 'string'),
  4: field('version', 'string'),
  5: field('resource', 'string'),
  6: field('subresource', 'string'),
  7: field('name', 'string'),
  8: pointer('fieldSelector', FieldSelectorAttributes),
  9: pointer('labelSelector', LabelSelectorAttributes)
})

export const NonResourceAttributes = message(`${AUTHZ}.NonResourceAttributes`, {
  1: field('path', 'string'),
  2: field('verb', 'string')
})

export const SelfSubjectAccessReviewSpec = message(`${AUTHZ}.SelfSubjectAccessReviewSpec`, {
  1: pointer('resourceAttributes', ResourceAttributes),
  2: pointer('nonResourceAttributes', NonResourceAttributes)
})

export const SubjectAccessReviewStatus = message(`${AUTHZ}.SubjectAccessReviewStatus`, {
  1: required('allowed', 'bool'),
  2: field('reason', 'string'),
  3: field('evaluationError', 'string'),
  4: field('denied', 'bool')
})

export const SelfSubjectAccessReview = message(`${AUTHZ}.SelfSubjectAccessReview`, {
  1: field('metadata', ObjectMeta),
  2: required('spec', SelfSubjectAccessReviewSpec),
  3: field('status', SubjectAccessReviewStatus)
})

export const SelfSubjectRulesReviewSpec = message(`${AUTHZ}.SelfSubjectRulesReviewSpec`, {
  1: field('namespace', 'string')
})

export const ResourceRule = message(`${AUTHZ}.ResourceRule`, {
  1: list('verbs', 'string'),
  2: list('apiGroups', 'string'),
  3: list('resources', 'string'),
  4: list('resourceNames', 'string')
})

export const NonResourceRule = message(`${AUTHZ}.NonResourceRule`, {
  1: list('verbs', 'string'),
  2: list('nonResourceURLs', 'string')
})

export const SubjectRulesReviewStatus = message(`${AUTHZ}.SubjectRulesReviewStatus`, {
  1: list('resourceRules', ResourceRule),
  2: list('nonResourceRules', NonResourceRule),
  3: required('incomplete', 'bool'),
  4: field('evaluationError', 'string')
})

export const SelfSubjectRulesReview = message(`${AUTHZ}.SelfSubjectRulesReview`, {
  1: field('metadata', ObjectMeta),
  2: required('spec', SelfSubjectRulesReviewSpec),
  3: field('status', SubjectRulesReviewStatus)
})
