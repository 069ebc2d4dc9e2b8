import type { CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1'
import type { ResourceDefinition, Requester, SubresourceStrategy } from '../types'
import { keepSystemMetadata } from '../metadata'
import { certificateSigningRequestColumns } from '../columns/certificatesigningrequest'
import { type CertificateSigningRequestObject, validateCSR, validateCSRUpdate, validationOptions } from './csr-validation'

/**
 * certificates.k8s.io/v1 CertificateSigningRequest (pkg/registry/certificates/certificates):
 * the requesting user's name, uid, groups and extra are recorded from the
 * request's credentials, never from its body; the spec never changes after
 * creation (an update keeps it silently); /status sets the certificate and
 * the Failed condition, /approval the Approved and Denied conditions.
 */
export type { CertificateSigningRequestObject } from './csr-validation'

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** SetDefaults_CertificateSigningRequestCondition: a condition without a status is True. */
function defaultConditions(csr: CertificateSigningRequestObject): void {
  for (const c of (csr.status?.conditions ?? []) as Mutable<CertificateSigningRequestCondition>[]) {
    if (!c.status) c.status = 'True'
  }
}

/**
 * populateConditionTimestamps: a condition without lastUpdateTime gets now;
 * without lastTransitionTime, the stored one of the same type and status, or now.
 */
function populateConditionTimestamps(csr: CertificateSigningRequestObject, old: CertificateSigningRequestObject, now: string): void {
  for (const c of (csr.status?.conditions ?? []) as Mutable<CertificateSigningRequestCondition>[]) {
    if (!c.lastUpdateTime) c.lastUpdateTime = now
    if (c.lastTransitionTime) continue
    const same = (old.status?.conditions ?? []).find((o) => o.type === c.type && o.status === c.status && o.lastTransitionTime)
    c.lastTransitionTime = same?.lastTransitionTime ?? now
  }
}

/** The request's own metadata (its system fields as stored) over the stored object: the start of a subresource write. */
function overStored(incoming: CertificateSigningRequestObject, old: CertificateSigningRequestObject): CertificateSigningRequestObject {
  const csr = { ...old } as CertificateSigningRequestObject
  csr.metadata = incoming.metadata
  keepSystemMetadata(csr.metadata, old.metadata)
  return csr
}

/** csrApprovalStrategy: only the conditions change (kubectl certificate approve|deny); the certificate stays. */
const approvalStrategy: SubresourceStrategy<CertificateSigningRequestObject> = {
  merge(incoming, old, now) {
    const csr = overStored(incoming, old)
    const status = { ...(old.status ?? {}) }
    if (incoming.status?.conditions) status.conditions = incoming.status.conditions
    else delete status.conditions
    csr.status = status
    populateConditionTimestamps(csr, old, now)
    return csr
  },
  validate(csr, old) {
    return validateCSRUpdate(csr, old, { ...validationOptions(csr, old), allowSettingApprovalConditions: true })
  }
}

export const certificateSigningRequestDefinition: ResourceDefinition<CertificateSigningRequestObject> = {
  group: 'certificates.k8s.io',
  version: 'v1',
  kind: 'CertificateSigningRequest',
  plural: 'certificatesigningrequests',
  singular: 'certificatesigningrequest',
  shortNames: ['csr'],
  categories: [],
  namespaced: false,
  hasStatus: true,
  tableColumns: certificateSigningRequestColumns,

  defaults: defaultConditions,

  prepareForCreate(csr, requester?: Requester) {
    const spec = { ...csr.spec }
    delete spec.username
    delete spec.uid
    delete spec.groups
    delete spec.extra
    if (requester) {
      spec.username = requester.username
      if (requester.uid) spec.uid = requester.uid
      spec.groups = [...requester.groups]
      if (requester.extra && Object.keys(requester.extra).length) spec.extra = structuredClone(requester.extra)
    }
    csr.spec = spec
    // Users cannot create pre-approved requests.
    csr.status = {}
  },

  prepareForUpdate(csr, old) {
    csr.spec = old.spec
  },

  prepareForStatusUpdate(csr, old, now) {
    defaultConditions(csr)
    populateConditionTimestamps(csr, old, now)
  },

  validate: (csr) => validateCSR(csr, validationOptions(csr, undefined)),
  validateUpdate: (csr, old) => validateCSRUpdate(csr, old, validationOptions(csr, old), false),
  validateStatusUpdate: (csr, old) => validateCSRUpdate(csr, old, { ...validationOptions(csr, old), allowSettingCertificate: true }),

  updateSubresources: { approval: approvalStrategy },

  selectableFields: (csr) => ({ 'spec.signerName': csr.spec?.signerName ?? '' })
}
