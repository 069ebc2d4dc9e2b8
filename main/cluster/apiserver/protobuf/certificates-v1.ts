import { field, list, map, message, pointer, required } from './descriptor'
import { ObjectMeta } from './meta-v1'

/** k8s.io/api/certificates/v1 CertificateSigningRequest (`kubectl certificate approve|deny` writes it to /approval). */

const CERTIFICATES = 'k8s.io.api.certificates.v1'

export const ExtraValue = message(`${CERTIFICATES}.ExtraValue`, {
  1: list('items', 'string')
})

export const CertificateSigningRequestSpec = message(`${CERTIFICATES}.CertificateSigningRequestSpec`, {
  1: pointer('request', 'bytes'),
  2: field('username', 'string'),
  3: field('uid', 'string'),
  4: list('groups', 'string'),
  5: list('usages', 'string'),
  6: map('extra', ExtraValue),
  7: required('signerName', 'string'),
  8: pointer('expirationSeconds', 'int32')
})

export const CertificateSigningRequestCondition = message(`${CERTIFICATES}.CertificateSigningRequestCondition`, {
  1: required('type', 'string'),
  2: field('reason', 'string'),
  3: field('message', 'string'),
  4: field('lastUpdateTime', 'Time'),
  5: field('lastTransitionTime', 'Time'),
  6: required('status', 'string')
})

export const CertificateSigningRequestStatus = message(`${CERTIFICATES}.CertificateSigningRequestStatus`, {
  1: list('conditions', CertificateSigningRequestCondition),
  2: pointer('certificate', 'bytes')
})

export const CertificateSigningRequest = message(`${CERTIFICATES}.CertificateSigningRequest`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', CertificateSigningRequestSpec),
  3: field('status', CertificateSigningRequestStatus)
})
