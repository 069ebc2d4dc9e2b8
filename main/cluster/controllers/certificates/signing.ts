import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1'
import { wallNow } from '../../clock'
import { isNotFound } from '../../apimachinery/errors'
import { ControllerComponent } from '../../client/controller-component'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentFactory } from '../../component'
import { type CertificateRequest, parseCertificateRequest } from '../../registry/validation/certificate-request'
import { type CertificateAuthority, loadAuthority, signRequest } from './authority'
import { signerProblem } from './signer-rules'

/**
 * kube-controller-manager's csrsigning controller
 * (pkg/controller/certificates/signer): for the signers it serves
 * (kubernetes.io/kube-apiserver-client, kube-apiserver-client-kubelet and
 * kubelet-serving, all with the cluster CA as --cluster-signing-* give it), an
 * approved, not denied, not failed request without a certificate is signed
 * and the certificate written through /status; a request the signer's rules
 * refuse gets a Failed condition instead. Requests for any other signer are
 * left alone: they stay Approved without a certificate until their signer acts.
 */

const csrGVR = { group: 'certificates.k8s.io', version: 'v1', resource: 'certificatesigningrequests' }
const controllerName = 'csrsigning'

/** --cluster-signing-duration's default: one year. */
export const defaultCertificateTTL = 365 * 24 * 3_600_000
/** The backdate and short-certificate threshold the signer's policy uses. */
const BACKDATE = 5 * 60_000
const SHORT = 8 * 3_600_000
/** A requested duration below this is raised to it (twice the backdate). */
const MIN_DURATION = 10 * 60_000

/** The signer's duration: the requested one within [10 minutes, the signer's TTL], else the TTL. */
export function grantedDuration(expirationSeconds: number | undefined | null, ttlMs = defaultCertificateTTL): number {
  if (expirationSeconds === undefined || expirationSeconds === null) return ttlMs
  const requested = expirationSeconds * 1000
  if (requested > ttlMs) return ttlMs
  return Math.max(requested, MIN_DURATION)
}

const hasCondition = (csr: CertificateSigningRequest, type: string): boolean => (csr.status?.conditions ?? []).some((c) => c.type === type && c.status === 'True')

/** The work one CSR asks of the signer, or undefined when there is none (the controller's fast paths). */
function needsSigning(csr: CertificateSigningRequest): boolean {
  if (csr.status?.certificate) return false
  return hasCondition(csr, 'Approved') && !hasCondition(csr, 'Denied') && !hasCondition(csr, 'Failed')
}

async function sync(
  csrs: Informer<CertificateSigningRequest>,
  client: ResourceClient<CertificateSigningRequest>,
  ca: CertificateAuthority,
  now: () => string,
  name: string
): Promise<void> {
  const csr = csrs.get(name)
  if (!csr || !needsSigning(csr)) return
  const signerName = csr.spec?.signerName ?? ''
  let request: CertificateRequest
  try {
    request = parseCertificateRequest(Buffer.from(csr.spec?.request ?? '', 'base64').toString('latin1'))
  } catch (e) {
    throw new Error(`unable to parse csr "${name}": ${(e as Error).message}`, { cause: e })
  }
  const problem = signerProblem(signerName, request, csr.spec?.usages ?? [])
  // undefined: not a signer this controller serves.
  if (problem === undefined) return
  const copy = structuredClone(csr)
  if (problem) {
    copy.status = {
      ...copy.status,
      conditions: [...(copy.status?.conditions ?? []), { type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: problem, lastUpdateTime: now() }]
    }
  } else {
    const pem = signRequest(ca, request, {
      ttlMs: grantedDuration(csr.spec?.expirationSeconds),
      usages: csr.spec?.usages ?? [],
      backdateMs: BACKDATE,
      shortMs: SHORT,
      now: wallNow()
    })
    copy.status = { ...copy.status, certificate: Buffer.from(pem, 'utf8').toString('base64') }
  }
  try {
    await client.updateStatus(copy)
  } catch (e) {
    if (!isNotFound(e)) throw e
  }
}

export const csrSigningComponent: ComponentFactory = (ctx): Component => {
  // A cluster given no signing CA has nothing to sign with, as a controller manager without --cluster-signing-* files.
  if (!ctx.clusterSigning) return { name: controllerName, start: async () => {}, stop: async () => {} }
  const ca = loadAuthority(ctx.clusterSigning.cert, ctx.clusterSigning.key)
  const component = new ControllerComponent(ctx, controllerName)
  const csrs = component.informer<CertificateSigningRequest>(csrGVR)
  const client = component.resourceClient<CertificateSigningRequest>(csrGVR)
  component.controller({
    watches: [{ resource: csrGVR, keys: (csr: CertificateSigningRequest) => (needsSigning(csr) ? [csr.metadata?.name ?? ''] : []) }],
    reconcile: (name) => sync(csrs, client, ca, () => ctx.clock.rfc3339(), name)
  })
  return component
}
