import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createPrivateKey, X509Certificate } from 'node:crypto'
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadOrCreatePki, type Pki } from '../../../main/cluster/apiserver/pki'

const DAY = 86_400_000
// A fixed "now" keeps validity assertions exact; whole seconds because X.509 times have no fraction.
const NOW = Date.UTC(2026, 0, 15, 12, 0, 0)

let tmp: string
let dir: string
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'kubelab-pki-'))
  dir = join(tmp, 'pki')
})
afterEach(() => rmSync(tmp, { recursive: true, force: true }))

const mode = (file: string): number => statSync(file).mode & 0o777
const certs = (pki: Pki) => ({
  ca: new X509Certificate(pki.caCert),
  apiserver: new X509Certificate(pki.apiserverCert),
  admin: new X509Certificate(pki.adminCert)
})
const pems = ({ generated: _, ...pki }: Pki) => pki

describe('loadOrCreatePki on disk', () => {
  it('creates every file on first start, keys and token readable by the owner only', async () => {
    const pki = await loadOrCreatePki({ dir, now: NOW })
    expect(pki.generated).toEqual(['ca', 'apiserver', 'admin', 'token'])
    expect(mode(dir)).toBe(0o700)
    for (const key of ['ca.key', 'apiserver.key', 'admin.key', 'token']) expect(mode(join(dir, key)), key).toBe(0o600)
    expect(readFileSync(join(dir, 'ca.crt'), 'utf8')).toBe(pki.caCert)
    expect(readFileSync(join(dir, 'ca.key'), 'utf8')).toBe(pki.caKey)
    expect(readFileSync(join(dir, 'apiserver.crt'), 'utf8')).toBe(pki.apiserverCert)
    expect(readFileSync(join(dir, 'apiserver.key'), 'utf8')).toBe(pki.apiserverKey)
    expect(readFileSync(join(dir, 'admin.crt'), 'utf8')).toBe(pki.adminCert)
    expect(readFileSync(join(dir, 'admin.key'), 'utf8')).toBe(pki.adminKey)
    expect(readFileSync(join(dir, 'token'), 'utf8').trim()).toBe(pki.token)
    expect(pki.token).toMatch(/^[A-Za-z0-9_-]{43}$/) // 256 random bits, header-safe
  })

  it('reuses everything on the next start: the same certificates, keys and token', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    const second = await loadOrCreatePki({ dir, now: NOW + 10 * DAY })
    expect(second.generated).toEqual([])
    expect(pems(second)).toEqual(pems(first))
  })

  it('regenerates only what is missing', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    unlinkSync(join(dir, 'admin.crt'))
    unlinkSync(join(dir, 'token'))
    const second = await loadOrCreatePki({ dir, now: NOW })
    expect(second.generated).toEqual(['admin', 'token'])
    expect(second.caCert).toBe(first.caCert)
    expect(second.apiserverCert).toBe(first.apiserverCert)
    expect(second.adminCert).not.toBe(first.adminCert)
    expect(second.token).not.toBe(first.token)
    expect(new X509Certificate(second.adminCert).checkIssued(new X509Certificate(first.caCert))).toBe(true)
  })

  it('re-issues expired leaf certificates and keeps the still-valid CA', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    const later = NOW + 400 * DAY
    const second = await loadOrCreatePki({ dir, now: later })
    expect(second.generated).toEqual(['apiserver', 'admin'])
    expect(second.caCert).toBe(first.caCert)
    expect(Date.parse(new X509Certificate(second.apiserverCert).validTo)).toBe(later + 365 * DAY)
  })

  it('re-issues a leaf close to expiry rather than hand out one that dies within days', async () => {
    await loadOrCreatePki({ dir, now: NOW })
    const second = await loadOrCreatePki({ dir, now: NOW + 360 * DAY })
    expect(second.generated).toEqual(['apiserver', 'admin'])
  })

  it('a new CA re-issues both leaf certificates; the token stays', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    unlinkSync(join(dir, 'ca.key'))
    const second = await loadOrCreatePki({ dir, now: NOW })
    expect(second.generated).toEqual(['ca', 'apiserver', 'admin'])
    expect(second.token).toBe(first.token)
    const c = certs(second)
    expect(c.apiserver.checkIssued(c.ca)).toBe(true)
    expect(c.admin.checkIssued(c.ca)).toBe(true)
  })

  it('replaces a certificate that does not match its key, or does not parse', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    writeFileSync(join(dir, 'admin.key'), first.apiserverKey)
    writeFileSync(join(dir, 'apiserver.crt'), 'not a certificate')
    const second = await loadOrCreatePki({ dir, now: NOW })
    expect(second.generated).toEqual(['apiserver', 'admin'])
  })

  it('re-issues the serving certificate when the service IP changes', async () => {
    await loadOrCreatePki({ dir, now: NOW })
    const second = await loadOrCreatePki({ dir, now: NOW, serviceClusterIP: '10.100.0.1' })
    expect(second.generated).toEqual(['apiserver'])
    expect(new X509Certificate(second.apiserverCert).checkIP('10.100.0.1')).toBe('10.100.0.1')
  })

  it('tightens a key file left readable by others instead of replacing it', async () => {
    const first = await loadOrCreatePki({ dir, now: NOW })
    chmodSync(join(dir, 'admin.key'), 0o644)
    const second = await loadOrCreatePki({ dir, now: NOW })
    expect(second.generated).toEqual([])
    expect(second.adminKey).toBe(first.adminKey)
    expect(mode(join(dir, 'admin.key'))).toBe(0o600)
  })
})

describe('loadOrCreatePki in memory', () => {
  it('generates a fresh PKI each time and writes nothing', async () => {
    const a = await loadOrCreatePki({ now: NOW })
    const b = await loadOrCreatePki({ now: NOW })
    expect(a.generated).toEqual(['ca', 'apiserver', 'admin', 'token'])
    expect(a.caCert).not.toBe(b.caCert)
    expect(a.token).not.toBe(b.token)
  })

  it('is fast enough to run on every start (well under 2 s)', async () => {
    const start = performance.now()
    await loadOrCreatePki({ now: NOW })
    const ms = performance.now() - start
    console.log(`PKI generation took ${ms.toFixed(1)} ms`)
    expect(ms).toBeLessThan(2000)
  })
})

describe('certificate properties', () => {
  let c: ReturnType<typeof certs>
  let pki: Pki
  beforeEach(async () => {
    pki = await loadOrCreatePki({ now: NOW })
    c = certs(pki)
  })

  it('CA: self-signed kubelab-ca, a CA, valid 10 years', () => {
    expect(c.ca.subject).toBe('CN=kubelab-ca')
    expect(c.ca.issuer).toBe('CN=kubelab-ca')
    expect(c.ca.ca).toBe(true)
    expect(c.ca.checkIssued(c.ca)).toBe(true)
    expect(c.ca.verify(c.ca.publicKey)).toBe(true)
    expect(Date.parse(c.ca.validFrom)).toBeLessThanOrEqual(NOW)
    expect(Date.parse(c.ca.validTo)).toBe(NOW + 3650 * DAY)
    expect(c.ca.checkPrivateKey(createPrivateKey(pki.caKey))).toBe(true)
  })

  it('serving certificate: every SAN, serverAuth, issued by the CA, valid 1 year', () => {
    expect(c.apiserver.subjectAltName?.split(', ').sort()).toEqual(
      [
        'DNS:localhost',
        'DNS:kubernetes',
        'DNS:kubernetes.default',
        'DNS:kubernetes.default.svc',
        'DNS:kubernetes.default.svc.cluster.local',
        'IP Address:127.0.0.1',
        'IP Address:10.96.0.1'
      ].sort()
    )
    expect(c.apiserver.checkHost('kubernetes.default.svc.cluster.local')).toBe('kubernetes.default.svc.cluster.local')
    expect(c.apiserver.checkIP('127.0.0.1')).toBe('127.0.0.1')
    expect(c.apiserver.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1'])
    expect(c.apiserver.issuer).toBe('CN=kubelab-ca')
    expect(c.apiserver.ca).toBe(false)
    expect(c.apiserver.checkIssued(c.ca)).toBe(true)
    expect(c.apiserver.verify(c.ca.publicKey)).toBe(true)
    expect(Date.parse(c.apiserver.validFrom)).toBeLessThanOrEqual(NOW)
    expect(Date.parse(c.apiserver.validTo)).toBe(NOW + 365 * DAY)
    expect(c.apiserver.checkPrivateKey(createPrivateKey(pki.apiserverKey))).toBe(true)
  })

  it('admin certificate: kubelab-admin in system:masters, clientAuth, issued by the CA', () => {
    expect(c.admin.subject.split('\n').sort()).toEqual(['CN=kubelab-admin', 'O=system:masters'])
    expect(c.admin.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])
    expect(c.admin.subjectAltName).toBeUndefined()
    expect(c.admin.ca).toBe(false)
    expect(c.admin.verify(c.ca.publicKey)).toBe(true)
    expect(Date.parse(c.admin.validTo)).toBe(NOW + 365 * DAY)
    expect(c.admin.checkPrivateKey(createPrivateKey(pki.adminKey))).toBe(true)
  })

  it('serial numbers are positive and distinct', () => {
    const serials = [c.ca, c.apiserver, c.admin].map((x) => x.serialNumber)
    expect(new Set(serials).size).toBe(3)
    for (const s of serials) expect(parseInt(s.slice(0, 2), 16)).toBeLessThan(0x80)
  })
})
