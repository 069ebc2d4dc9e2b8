import { field, list, map, message } from './descriptor'
import { ObjectMeta } from './meta-v1'

/** k8s.io/api/authentication/v1 SelfSubjectReview (`kubectl auth whoami`; kubectl sends it empty). */

const AUTHN = 'k8s.io.api.authentication.v1'

/** A []string in Go's JSON; only a status (which the server overwrites) could carry it. */
export const ExtraValue = message(`${AUTHN}.ExtraValue`, {
  1: list('items', 'string')
})

export const UserInfo = message(`${AUTHN}.UserInfo`, {
  1: field('username', 'string'),
  2: field('uid', 'string'),
  3: list('groups', 'string'),
  4: map('extra', ExtraValue)
})

export const SelfSubjectReviewStatus = message(`${AUTHN}.SelfSubjectReviewStatus`, {
  1: field('userInfo', UserInfo)
})

export const SelfSubjectReview = message(`${AUTHN}.SelfSubjectReview`, {
  1: field('metadata', ObjectMeta),
  2: field('status', SelfSubjectReviewStatus)
})
