import { createPrivateKey, generateKeyPair, randomBytes, X509Certificate, type KeyObject } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import forge from 'node-forge'
import { type Asn1, OID, bitString, bool, buildCertificate, extension, keyIdentifier, octets, oid, rawSubject, seq, set, tagged, text } from './x509-der'

/**
 * The cluster's PKI, laid out as kubeadm lays it out: a CA, a serving
 * certificate for the API, an admin client certificate and a bearer token.
 *
 * Keys are ECDSA P-256 made by Node's crypto (about a millisecond each, where
 * RSA 2048 takes 100-500 ms each and in-memory clusters in tests generate a PKI
 * on every start). node-forge cannot sign with EC keys, so forge's ASN.1 module
 * lays out the X.509 DER and Node's crypto signs it; X509Certificate re-parses
 * the result, so a malformed certificate fails here, not in kubectl.
 */

/** PEM strings (and the token) of a cluster's PKI. */
export interface Pki {
  caCert: string
  caKey: string
  apiserverCert: string
  apiserverKey: string
  adminCert: string
  adminKey: string
  /** Bearer token that authenticates as the admin user. */
  token: string
  /** Which parts this load (re)generated; empty when everything came from disk. */
  generated: PkiPart[]
}

/** The independently regenerated parts of the PKI. */
export type PkiPart = 'ca' | 'apiserver' | 'admin' | 'token'

/** Where the PKI lives and what time it is. */
export interface PkiOptions {
  /** `<dataDir>/pki`; undefined keeps everything in memory (generated afresh each time). */
  dir?: string
  /**
   * Wall-clock time in ms since the epoch. Certificates are checked by real
   * clients against real time, so pass wall time, never a sped-up virtual clock.
   */
  now: number
  /** First IP of the service CIDR, the `kubernetes` Service's ClusterIP (default 10.96.0.1). */
  serviceClusterIP?: string
}

/** CN of the cluster CA. */
export const CA_COMMON_NAME = 'kubelab-ca'
/** User name (CN) of the admin client certificate and of the bearer token. */
export const ADMIN_USER = 'kubelab-admin'
/** Group (O) of the admin client certificate: the superuser group, as in kubeadm's admin.conf. */
export const ADMIN_GROUP = 'system:masters'
/** DNS names every apiserver serving certificate carries (the in-cluster names of the `kubernetes` Service). */
export const APISERVER_DNS_NAMES = ['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local']

const DAY = 86_400_000
const CA_DAYS = 3650
const LEAF_DAYS = 365
/** Backdating covers small clock differences between us and clients (client-go's self-signed helper does the same). */
const BACKDATE = 3_600_000
/** Renewed this long before expiry, so that a start never hands out a certificate that dies next week. */
const RENEW_BEFORE = 30 * DAY

/** What a certificate says about its subject; the same shape describes what a loaded one must say. */
interface Profile {
  cn: string
  orgs: string[]
  ca: boolean
  extKeyUsage: string[]
  dns: string[]
  ips: string[]
}

interface Pair {
  certPem: string
  keyPem: string
  cert: X509Certificate
  key: KeyObject
}

type Leaf = 'apiserver' | 'admin'
const LEAVES: Leaf[] = ['apiserver', 'admin']

/**
 * Loads the PKI from `dir`, generating what is missing, unreadable, expired
 * (or expiring within 30 days) or no longer matching: a new CA re-issues both
 * leaf certificates, a changed SAN list re-issues the serving certificate.
 * Everything still valid is reused as it is, so kubeconfigs stay valid.
 */
export async function loadOrCreatePki(options: PkiOptions): Promise<Pki> {
  const { dir, now } = options
  if (dir) mkdirSync(dir, { recursive: true, mode: 0o700 })
  const generated: PkiPart[] = []

  let ca = dir ? readPair(dir, 'ca') : undefined
  if (!ca || !usable(ca, caProfile, undefined, now)) {
    ca = await issue(caProfile, undefined, now)
    generated.push('ca')
    if (dir) writePair(dir, 'ca', ca)
  }

  const profiles: Record<Leaf, Profile> = {
    apiserver: apiserverProfile(options.serviceClusterIP ?? '10.96.0.1'),
    admin: adminProfile
  }
  const leaves = {} as Record<Leaf, Pair>
  const issued = new Set<Leaf>()
  // Issued concurrently: key generation runs on the libuv thread pool.
  await Promise.all(
    LEAVES.map(async (name) => {
      const found = dir ? readPair(dir, name) : undefined
      if (found && usable(found, profiles[name], ca, now)) {
        leaves[name] = found
      } else {
        leaves[name] = await issue(profiles[name], ca, now)
        issued.add(name)
      }
    })
  )
  for (const name of LEAVES.filter((l) => issued.has(l))) {
    generated.push(name)
    if (dir) writePair(dir, name, leaves[name])
  }

  let token = dir ? readToken(dir) : undefined
  if (!token) {
    token = randomBytes(32).toString('base64url')
    generated.push('token')
    if (dir) writeSecret(join(dir, 'token'), `${token}\n`)
  }

  return {
    caCert: ca.certPem,
    caKey: ca.keyPem,
    apiserverCert: leaves.apiserver.certPem,
    apiserverKey: leaves.apiserver.keyPem,
    adminCert: leaves.admin.certPem,
    adminKey: leaves.admin.keyPem,
    token,
    generated
  }
}

const caProfile: Profile = { cn: CA_COMMON_NAME, orgs: [], ca: true, extKeyUsage: [], dns: [], ips: [] }

const adminProfile: Profile = { cn: ADMIN_USER, orgs: [ADMIN_GROUP], ca: false, extKeyUsage: [OID.clientAuth], dns: [], ips: [] }

function apiserverProfile(serviceClusterIP: string): Profile {
  return { cn: 'kube-apiserver', orgs: [], ca: false, extKeyUsage: [OID.serverAuth], dns: APISERVER_DNS_NAMES, ips: ['127.0.0.1', serviceClusterIP] }
}

// ---- reuse -------------------------------------------------------------------

function readPair(dir: string, name: string): Pair | undefined {
  const keyFile = join(dir, `${name}.key`)
  try {
    const certPem = readFileSync(join(dir, `${name}.crt`), 'utf8')
    const keyPem = readFileSync(keyFile, 'utf8')
    // A key someone made group- or world-readable is tightened rather than replaced.
    if (statSync(keyFile).mode & 0o077) chmodSync(keyFile, 0o600)
    const pair: Pair = { certPem, keyPem, cert: new X509Certificate(certPem), key: createPrivateKey(keyPem) }
    return pair
  } catch {
    return undefined // missing or unreadable: regenerate
  }
}

/** Whether a loaded pair can be kept: key matches, valid for a while yet, signed by `issuer`, saying what `profile` says. */
function usable(pair: Pair, profile: Profile, issuer: Pair | undefined, now: number): boolean {
  const { cert } = pair
  if (!cert.checkPrivateKey(pair.key)) return false
  if (Date.parse(cert.validFrom) > now || Date.parse(cert.validTo) - now < RENEW_BEFORE) return false
  if (cert.ca !== profile.ca) return false
  if (issuer && !(cert.checkIssued(issuer.cert) && cert.verify(issuer.cert.publicKey))) return false
  const subject = new Set(cert.subject.split('\n'))
  const wantSubject = [`CN=${profile.cn}`, ...profile.orgs.map((o) => `O=${o}`)]
  if (subject.size !== wantSubject.length || !wantSubject.every((s) => subject.has(s))) return false
  const eku = cert.keyUsage ?? []
  if (!profile.extKeyUsage.every((u) => eku.includes(u))) return false
  const sans = new Set((cert.subjectAltName ?? '').split(', ').filter(Boolean))
  const wantSans = [...profile.dns.map((d) => `DNS:${d}`), ...profile.ips.map((ip) => `IP Address:${ip}`)]
  return sans.size === wantSans.length && wantSans.every((s) => sans.has(s))
}

function readToken(dir: string): string | undefined {
  try {
    const token = readFileSync(join(dir, 'token'), 'utf8').trim()
    // Must be usable verbatim in an Authorization header (RFC 6750 b64token).
    return /^[A-Za-z0-9._~+/=-]{16,}$/.test(token) ? token : undefined
  } catch {
    return undefined
  }
}

function writePair(dir: string, name: string, pair: Pair): void {
  // Key first: a crash between the two leaves a mismatched pair, which the next load regenerates.
  writeSecret(join(dir, `${name}.key`), pair.keyPem)
  writeAtomic(join(dir, `${name}.crt`), pair.certPem, 0o644)
}

function writeSecret(file: string, data: string): void {
  writeAtomic(file, data, 0o600)
}

/** Writes a file whole or not at all (a temporary file renamed over it), with its mode. */
export function writeAtomic(file: string, data: string, mode: number): void {
  const tmp = `${file}.tmp`
  writeFileSync(tmp, data, { mode })
  chmodSync(tmp, mode) // the umask may have narrowed or the file pre-existed with another mode
  renameSync(tmp, file)
}

// ---- issuing -----------------------------------------------------------------

const generateKeyPairAsync = promisify(generateKeyPair)

/** Makes a new key and a certificate for it, signed by `issuer` (self-signed when undefined). */
async function issue(profile: Profile, issuer: Pair | undefined, now: number): Promise<Pair> {
  const { privateKey, publicKey } = await generateKeyPairAsync('ec', { namedCurve: 'prime256v1' })
  const days = profile.ca ? CA_DAYS : LEAF_DAYS
  let notAfter = now + days * DAY
  // A leaf must not outlive its CA: clients check every certificate of the chain.
  if (issuer) notAfter = Math.min(notAfter, Date.parse(issuer.cert.validTo))
  const spki = publicKey.export({ type: 'spki', format: 'der' })
  const issuerSpki = issuer ? issuer.cert.publicKey.export({ type: 'spki', format: 'der' }) : spki
  const subject = name(profile)
  const der = buildCertificate({
    subject,
    spki,
    notBefore: now - BACKDATE,
    notAfter,
    issuerName: issuer ? rawSubject(issuer.cert) : subject,
    issuerKey: issuer ? issuer.key : privateKey,
    extensions: extensions(profile, spki, issuerSpki)
  })
  const cert = new X509Certificate(der)
  return { certPem: cert.toString(), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert, key: privateKey }
}

function extensions(profile: Profile, spki: Buffer, issuerSpki: Buffer): Asn1[] {
  const exts: Asn1[] = []
  const ext = (id: string, critical: boolean, value: Asn1): void => {
    exts.push(extension(id, critical, value))
  }
  // digitalSignature(0) for ECDHE handshakes and client auth; keyCertSign(5) and cRLSign(6) for the CA.
  ext(OID.keyUsage, true, bitString(profile.ca ? [0, 5, 6] : [0]))
  if (profile.extKeyUsage.length) ext(OID.extKeyUsage, false, seq(...profile.extKeyUsage.map(oid)))
  ext(OID.basicConstraints, true, profile.ca ? seq(bool(true)) : seq())
  ext(OID.subjectKeyIdentifier, false, octets(keyIdentifier(spki)))
  if (!profile.ca) ext(OID.authorityKeyIdentifier, false, seq(tagged(0, false, keyIdentifier(issuerSpki))))
  if (profile.dns.length || profile.ips.length) {
    ext(
      OID.subjectAltName,
      false,
      seq(
        // GeneralName: [2] dNSName, [7] iPAddress (RFC 5280 §4.2.1.6).
        ...profile.dns.map((d) => tagged(2, false, d)),
        ...profile.ips.map((ip) => tagged(7, false, String.fromCharCode(...ip.split('.').map(Number))))
      )
    )
  }
  return exts
}

/** Name with O before CN, the order Go's x509 writes (and so kubeadm's certificates carry). */
function name(profile: Profile): Asn1 {
  const rdn = (id: string, value: string): Asn1 => set(seq(oid(id), text(forge.asn1.Type.UTF8, value)))
  return seq(...profile.orgs.map((o) => rdn(OID.organization, o)), rdn(OID.commonName, profile.cn))
}
