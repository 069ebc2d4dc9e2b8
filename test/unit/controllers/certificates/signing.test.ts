import { X509Certificate } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CertificateSigningRequest } from 'kubernetes-types/certificates/v1'
import { loadOrCreatePki } from '../../../../main/cluster/apiserver/pki'
import { loadAuthority, signRequest } from '../../../../main/cluster/controllers/certificates/authority'
import { grantedDuration } from '../../../../main/cluster/controllers/certificates/signing'
import { signerProblem } from '../../../../main/cluster/controllers/certificates/signer-rules'
import { shouldClean } from '../../../../main/cluster/controllers/certificates/cleaner'
import { parseCertificateRequest } from '../../../../main/cluster/registry/validation/certificate-request'
import { makeCSR } from './make-csr'

const MIN = 60_000
const HOUR = 60 * MIN
const NOW = Date.parse('2026-11-27T09:00:00Z')

describe('csrsigning: what is granted', () => {
  it('honours a requested duration between 10 minutes and the signer TTL (one year by default)', () => {
    expect(grantedDuration(undefined)).toBe(365 * 24 * HOUR)
    expect(grantedDuration(86400)).toBe(24 * HOUR)
    expect(grantedDuration(600)).toBe(10 * MIN)
    expect(grantedDuration(10 * 365 * 86400)).toBe(365 * 24 * HOUR)
    expect(grantedDuration(86400, HOUR)).toBe(HOUR)
  })

  it('applies each signer rule with its reason, and leaves other signers alone', () => {
    const user = parseCertificateRequest(makeCSR({ cn: 'myuser', orgs: ['dev'] }).pem)
    expect(signerProblem('kubernetes.io/kube-apiserver-client', user, ['client auth', 'digital signature', 'key encipherment'])).toBe('')
    expect(signerProblem('kubernetes.io/kube-apiserver-client', user, ['digital signature'])).toBe('missing required usage for client certificate: client auth')
    expect(signerProblem('kubernetes.io/kube-apiserver-client', user, ['client auth', 'server auth'])).toBe('invalid usage for client certificate: server auth')
    expect(signerProblem('example.com/custom', user, ['client auth'])).toBeUndefined()
    expect(signerProblem('kubernetes.io/kube-apiserver-client-kubelet', user, ['client auth', 'digital signature'])).toBe('subject organization is not system:nodes')
    const node = parseCertificateRequest(makeCSR({ cn: 'system:node:n1', orgs: ['system:nodes'] }).pem)
    expect(signerProblem('kubernetes.io/kube-apiserver-client-kubelet', node, ['client auth', 'digital signature'])).toBe('')
    expect(signerProblem('kubernetes.io/kube-apiserver-client-kubelet', node, ['client auth'])).toBe('usages did not match [client auth digital signature key encipherment]')
    expect(signerProblem('kubernetes.io/kubelet-serving', node, ['server auth', 'digital signature'])).toBe('DNS or IP subjectAltName is required')
    const serving = parseCertificateRequest(makeCSR({ cn: 'system:node:n1', orgs: ['system:nodes'] }, { ips: ['172.18.0.2'] }).pem)
    expect(signerProblem('kubernetes.io/kubelet-serving', serving, ['server auth', 'digital signature', 'key encipherment'])).toBe('')
  })
})

describe('csrsigning: the certificate', async () => {
  const pki = await loadOrCreatePki({ now: NOW })
  const ca = loadAuthority(pki.caCert, pki.caKey)

  it('carries the request subject (Go order), key and SANs, the usages, a 5-minute backdate, and chains to the CA', () => {
    const made = makeCSR({ cn: 'myuser', orgs: ['dev', 'ops'] }, { dns: ['myuser.example'] })
    const pem = signRequest(ca, parseCertificateRequest(made.pem), { ttlMs: 24 * HOUR, usages: ['client auth', 'digital signature'], backdateMs: 5 * MIN, shortMs: 8 * HOUR, now: NOW })
    const cert = new X509Certificate(pem)
    // Go writes the values of one attribute type as one multi-valued RDN.
    expect(cert.subject).toBe('O=dev + O=ops\nCN=myuser')
    expect(cert.issuer).toBe('CN=kubelab-ca')
    expect(cert.subjectAltName).toBe('DNS:myuser.example')
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    expect(cert.ca).toBe(false)
    expect(cert.checkIssued(new X509Certificate(pki.caCert))).toBe(true)
    expect(cert.verify(new X509Certificate(pki.caCert).publicKey)).toBe(true)
    expect(cert.checkPrivateKey(made.key)).toBe(true)
    // A long-lived certificate ends a backdate early, as it starts: its length is the TTL.
    expect([Date.parse(cert.validFrom), Date.parse(cert.validTo)]).toEqual([NOW - 5 * MIN, NOW + 24 * HOUR - 5 * MIN])
  })

  it('does not backdate the end of a short certificate, and never outlives the CA', () => {
    const req = parseCertificateRequest(makeCSR({ cn: 'short' }).pem)
    const short = new X509Certificate(signRequest(ca, req, { ttlMs: HOUR, usages: ['client auth'], backdateMs: 5 * MIN, shortMs: 8 * HOUR, now: NOW }))
    expect(Date.parse(short.validTo)).toBe(NOW + HOUR)
    const capped = new X509Certificate(signRequest(ca, req, { ttlMs: 20 * 365 * 24 * HOUR, usages: ['client auth'], backdateMs: 5 * MIN, shortMs: 8 * HOUR, now: NOW }))
    expect(capped.validTo).toBe(new X509Certificate(pki.caCert).validTo)
  })
})

describe('csrcleaner', () => {
  const at = (ms: number) => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z')
  const csr = (created: number, conditions: { type: string; at: number }[] = [], certificate?: string): CertificateSigningRequest =>
    ({
      metadata: { name: 'c', creationTimestamp: at(created) },
      spec: { request: '', signerName: 'example.com/x', usages: ['client auth'] },
      status: { conditions: conditions.map((c) => ({ type: c.type, status: 'True', lastUpdateTime: at(c.at) })), ...(certificate ? { certificate } : {}) }
    }) as CertificateSigningRequest

  it('removes pending requests after a day, denied and failed ones an hour after, issued ones an hour after approval', () => {
    expect(shouldClean(csr(NOW - 23 * HOUR), NOW)).toBe(false)
    expect(shouldClean(csr(NOW - 25 * HOUR), NOW)).toBe(true)
    expect(shouldClean(csr(NOW - 2 * HOUR, [{ type: 'Denied', at: NOW - 30 * MIN }]), NOW)).toBe(false)
    expect(shouldClean(csr(NOW - 2 * HOUR, [{ type: 'Denied', at: NOW - 61 * MIN }]), NOW)).toBe(true)
    expect(shouldClean(csr(NOW - 2 * HOUR, [{ type: 'Approved', at: NOW - 90 * MIN }, { type: 'Failed', at: NOW - 61 * MIN }]), NOW)).toBe(true)
    // Approved without a certificate (a signer nobody serves) stays.
    expect(shouldClean(csr(NOW - 48 * HOUR, [{ type: 'Approved', at: NOW - 47 * HOUR }]), NOW)).toBe(false)
    expect(shouldClean(csr(NOW - 2 * HOUR, [{ type: 'Approved', at: NOW - 61 * MIN }], 'eA=='), NOW)).toBe(true)
    expect(shouldClean(csr(NOW - 2 * HOUR, [{ type: 'Approved', at: NOW - 30 * MIN }], 'eA=='), NOW)).toBe(false)
  })
})
