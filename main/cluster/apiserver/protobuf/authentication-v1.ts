import { field, list, map, message, pointer } from './descriptor'
import { ObjectMeta } from './meta-v1'

/** k8s.io/api/authentication/v1 SelfSubjectReview (`kubectl auth whoami`; kubectl sends it empty) and TokenRequest (`kubectl create token`). */

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

export const BoundObjectReference = message(`${AUTHN}.BoundObjectReference`, {
  1: field('kind', 'string'),
  2: field('apiVersion', 'string'),
  3: field('name', 'string'),
  4: field('uid', 'string')
})

export const TokenRequestSpec = message(`${AUTHN}.TokenRequestSpec`, {
  1: list('audiences', 'string'),
  3: pointer('boundObjectRef', BoundObjectReference),
  4: pointer('expirationSeconds', 'int64')
})

export const TokenRequestStatus = message(`${AUTHN}.TokenRequestStatus`, {
  1: field('token', 'string'),
  2: field('expirationTimestamp', 'Time')
})

export const TokenRequest = message(`${AUTHN}.TokenRequest`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', TokenRequestSpec),
  3: field('status', TokenRequestStatus)
})
