import { X509Certificate } from 'node:crypto'
import type { CertificateSigningRequest, CertificateSigningRequestCondition } from 'kubernetes-types/certificates/v1'
import type { KubeObject } from '../../apimachinery/types'
import { type FieldError, type FieldPath, field, path } from '../../apimachinery/field-errors'
import { DNS1123LabelMaxLength, DNS1123SubdomainMaxLength, deepEqual, isDNS1123Label, isDNS1123Subdomain, validateObjectMetaUpdate } from '../../apimachinery/validation'
import { validateCoreObjectMeta } from '../validation/object-meta'
import { RequestError, parseCertificateRequest } from '../validation/certificate-request'

/**
 * CertificateSigningRequest validation, as pkg/apis/certificates/validation:
 * the request must be a CERTIFICATE REQUEST PEM block whose signature checks,
 * usages known and distinct, signerName a qualified name, expirationSeconds at
 * least ten minutes; Approved/Denied/Failed only True, Approved and Denied
 * exclusive, never removed; Approved/Denied changed only through /approval,
 * status.certificate set only through /status and only once.
 */
export type CertificateSigningRequestObject = CertificateSigningRequest & KubeObject

/** Every key usage a request may ask for (certificates.KeyUsage). */
export const allValidUsages = [
  'any', 'cert sign', 'client auth', 'code signing', 'content commitment', 'crl sign', 'data encipherment', 'decipher only',
  'digital signature', 'email protection', 'encipher only', 'ipsec end system', 'ipsec tunnel', 'ipsec user', 'key agreement',
  'key encipherment', 'microsoft sgc', 'netscape sgc', 'ocsp signing', 's/mime', 'server auth', 'signing', 'timestamping'
]

const legacyUnknownSignerName = 'kubernetes.io/legacy-unknown'
/** Condition types that may only be True. */
const trueConditionTypes = ['Approved', 'Denied', 'Failed']
const allStatusValues = ['False', 'True', 'Unknown']

/** What an update path may change, and the compatibility the stored object earns (certificateValidationOptions). */
export interface CSRValidationOptions {
  allowSettingApprovalConditions: boolean
  allowSettingCertificate: boolean
  allowBothApprovedAndDenied: boolean
  allowLegacySignerName: boolean
  allowDuplicateConditionTypes: boolean
  allowEmptyConditionType: boolean
  allowArbitraryCertificate: boolean
  allowUnknownUsages: boolean
  allowDuplicateUsages: boolean
}

/** A base64 []byte field's bytes. */
export function bytesOf(b64: string | undefined): Buffer {
  return Buffer.from(b64 ?? '', 'base64')
}

/** ValidateSignerName (core validation): `<domain with a dot>/<path>`, each part made of DNS labels and subdomains. */
export function validateSignerName(fp: FieldPath, signerName: string | undefined): FieldError[] {
  const f = fp.toString()
  if (!signerName) return [field.required(f, '')]
  const segments = signerName.split('/')
  if (segments.length !== 2) return [field.invalid(f, signerName, "must be a fully qualified domain and path of the form 'example.com/signer-name'")]
  const [domain, name] = segments
  const errs: FieldError[] = []
  if (domain.length > DNS1123SubdomainMaxLength) errs.push(field.tooLong(f, domain, DNS1123SubdomainMaxLength))
  const domainLabels = domain.split('.')
  for (const label of domainLabels) {
    const problems = isDNS1123Label(label)
    if (!problems.length) continue
    for (const p of problems) errs.push(field.invalid(f, domain, `validating label "${label}": ${p}`))
    break
  }
  if (domainLabels.length < 2) errs.push(field.invalid(f, domain, 'should be a domain with at least two segments separated by dots'))
  for (const component of name.split('.')) {
    const problems = isDNS1123Subdomain(component)
    if (!problems.length) continue
    for (const p of problems) errs.push(field.invalid(f, name, `validating component "${component}": ${p}`))
    break
  }
  const maxPath = DNS1123SubdomainMaxLength + DNS1123LabelMaxLength + 1
  if (name.length > maxPath) errs.push(field.tooLong(f, name, maxPath))
  return errs
}

/** validateCertificate: one or more CERTIFICATE PEM blocks without headers, each a parseable certificate; '' when fine. */
export function certificateProblem(pem: Buffer): string {
  if (pem.length === 0) return ''
  const blocks = [...pem.toString('latin1').matchAll(/-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/g)]
  for (const [, label, body] of blocks) {
    if (label !== 'CERTIFICATE') return `only CERTIFICATE PEM blocks are allowed, found "${label}"`
    if (body.includes(':')) return 'no PEM block headers are permitted'
    try {
      new X509Certificate(Buffer.from(body.replace(/\s+/g, ''), 'base64'))
    } catch {
      return 'x509: malformed certificate'
    }
  }
  return blocks.length ? '' : 'must contain at least one CERTIFICATE PEM block'
}

const conditionsOf = (csr: CertificateSigningRequest | undefined): CertificateSigningRequestCondition[] => csr?.status?.conditions ?? []
const findConditions = (csr: CertificateSigningRequest, type: string): CertificateSigningRequestCondition[] => conditionsOf(csr).filter((c) => c.type === type)

/** getValidationOptions: the tolerances an update earns from what is already stored; subresource rights off. */
export function validationOptions(csr: CertificateSigningRequest, old: CertificateSigningRequest | undefined): CSRValidationOptions {
  const oldTypes = conditionsOf(old).map((c) => c.type)
  const sameCertificate = old !== undefined && (csr.status?.certificate ?? '') === (old.status?.certificate ?? '')
  return {
    allowSettingApprovalConditions: false,
    allowSettingCertificate: false,
    allowBothApprovedAndDenied: oldTypes.includes('Approved') && oldTypes.includes('Denied'),
    allowLegacySignerName: old?.spec?.signerName === legacyUnknownSignerName,
    allowDuplicateConditionTypes: new Set(oldTypes).size !== oldTypes.length,
    allowEmptyConditionType: old !== undefined && oldTypes.some((t) => !t),
    allowArbitraryCertificate: sameCertificate || (old !== undefined && certificateProblem(bytesOf(old.status?.certificate)) !== ''),
    allowUnknownUsages: (old?.spec?.usages ?? []).some((u) => !allValidUsages.includes(u)),
    allowDuplicateUsages: new Set(old?.spec?.usages ?? []).size !== (old?.spec?.usages ?? []).length
  }
}

function validateConditions(csr: CertificateSigningRequest, opts: CSRValidationOptions): FieldError[] {
  const errs: FieldError[] = []
  const fp = path('status', 'conditions')
  const seen = new Set<string>()
  let approved = false
  let denied = false
  conditionsOf(csr).forEach((c, i) => {
    const at = fp.index(i)
    if (!opts.allowEmptyConditionType && !c.type) errs.push(field.required(at.child('type').toString(), ''))
    const allowed = trueConditionTypes.includes(c.type) ? ['True'] : allStatusValues
    if (!c.status) errs.push(field.required(at.child('status').toString(), ''))
    else if (!allowed.includes(c.status)) errs.push(field.notSupported(at.child('status').toString(), c.status, allowed))
    if (!opts.allowBothApprovedAndDenied) {
      if (c.type === 'Approved') {
        approved = true
        if (denied) errs.push(field.invalid(at.child('type').toString(), c.type, 'Approved and Denied conditions are mutually exclusive'))
      } else if (c.type === 'Denied') {
        denied = true
        if (approved) errs.push(field.invalid(at.child('type').toString(), c.type, 'Approved and Denied conditions are mutually exclusive'))
      }
    }
    if (!opts.allowDuplicateConditionTypes) {
      if (seen.has(c.type)) errs.push(field.duplicate(at.child('type').toString(), c.type))
      seen.add(c.type)
    }
  })
  return errs
}

/** validateCertificateSigningRequest: the object on its own. */
export function validateCSR(csr: CertificateSigningRequestObject, opts: CSRValidationOptions): FieldError[] {
  const errs = validateCoreObjectMeta(csr.metadata, false, () => [], path('metadata'))
  const spec = csr.spec ?? ({} as CertificateSigningRequest['spec'])
  const sp = path('spec')
  const request = bytesOf(spec.request)
  try {
    parseCertificateRequest(request.toString('latin1'))
  } catch (e) {
    if (!(e instanceof RequestError)) throw e
    errs.push(field.invalid(sp.child('request').toString(), request, e.message))
  }
  const usages = spec.usages ?? []
  if (usages.length === 0) errs.push(field.required(sp.child('usages').toString(), ''))
  if (!opts.allowUnknownUsages) {
    usages.forEach((u, i) => {
      if (!allValidUsages.includes(u)) errs.push(field.notSupported(sp.child('usages').index(i).toString(), u, allValidUsages))
    })
  }
  if (!opts.allowDuplicateUsages) {
    usages.forEach((u, i) => {
      if (usages.indexOf(u) < i) errs.push(field.duplicate(sp.child('usages').index(i).toString(), u))
    })
  }
  if (!opts.allowLegacySignerName && spec.signerName === legacyUnknownSignerName) {
    errs.push(field.invalid(sp.child('signerName').toString(), spec.signerName, 'the legacy signerName is not allowed via this API version'))
  } else {
    errs.push(...validateSignerName(sp.child('signerName'), spec.signerName))
  }
  if (spec.expirationSeconds !== undefined && spec.expirationSeconds !== null && spec.expirationSeconds < 600) {
    errs.push(field.invalid(sp.child('expirationSeconds').toString(), spec.expirationSeconds, 'may not specify a duration less than 600 seconds (10 minutes)'))
  }
  errs.push(...validateConditions(csr, opts))
  if (!opts.allowArbitraryCertificate) {
    const problem = certificateProblem(bytesOf(csr.status?.certificate))
    if (problem) errs.push(field.invalid('status.certificate', '<certificate data>', problem))
  }
  return errs
}

/** How Go's cmp.Diff shows two condition lists, in short: the old lines with '-', the new with '+'. */
function conditionDiff(before: CertificateSigningRequestCondition[], after: CertificateSigningRequestCondition[]): string {
  const lines = (cs: CertificateSigningRequestCondition[], sign: string): string[] => cs.map((c) => `${sign} ${JSON.stringify(c)}`)
  return [...lines(before, '-'), ...lines(after, '+')].join('\n')
}

/**
 * validateCertificateSigningRequestUpdate: the object, plus what the update
 * path may not change; withMeta adds ValidateObjectMetaUpdate (the main
 * resource's pipeline checks metadata itself).
 */
export function validateCSRUpdate(csr: CertificateSigningRequestObject, old: CertificateSigningRequestObject, opts: CSRValidationOptions, withMeta = true): FieldError[] {
  const errs = validateCSR(csr, opts)
  for (const type of trueConditionTypes) {
    if (findConditions(csr, type).length < findConditions(old, type).length) errs.push(field.forbidden('status.conditions', `updates may not remove a condition of type "${type}"`))
  }
  if (!opts.allowSettingApprovalConditions) {
    for (const type of ['Approved', 'Denied']) {
      const before = findConditions(old, type)
      const after = findConditions(csr, type)
      if (after.length > before.length) errs.push(field.forbidden('status.conditions', `updates may not add a condition of type "${type}"`))
      else if (after.length === before.length && !deepEqual(before, after)) {
        errs.push(field.forbidden('status.conditions', `updates may not modify a condition of type "${type}"\n${conditionDiff(before, after)}`))
      }
    }
  }
  if ((csr.status?.certificate ?? '') !== (old.status?.certificate ?? '')) {
    if (!opts.allowSettingCertificate) errs.push(field.forbidden('status.certificate', 'updates may not set certificate content'))
    else if (bytesOf(old.status?.certificate).length > 0) errs.push(field.forbidden('status.certificate', 'updates may not modify existing certificate content'))
  }
  if (withMeta) errs.push(...validateObjectMetaUpdate(csr.metadata, old.metadata, path('metadata')))
  return errs
}
