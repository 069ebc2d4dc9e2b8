import { createHash, createPrivateKey, generateKeyPair, randomBytes, sign, X509Certificate, type KeyObject } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { promisify } from 'node:util'
import forge from 'node-forge'

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

const OID = {
  ecdsaWithSha256: '1.2.840.10045.4.3.2',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  subjectKeyIdentifier: '2.5.29.14',
  keyUsage: '2.5.29.15',
  subjectAltName: '2.5.29.17',
  basicConstraints: '2.5.29.19',
  authorityKeyIdentifier: '2.5.29.35',
  extKeyUsage: '2.5.29.37',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2'
}

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
  const der = buildCertificate({
    profile,
    spki,
    notBefore: now - BACKDATE,
    notAfter,
    issuerName: issuer ? rawSubject(issuer.cert) : undefined,
    issuerSpki: issuer ? issuer.cert.publicKey.export({ type: 'spki', format: 'der' }) : spki,
    issuerKey: issuer ? issuer.key : privateKey
  })
  const cert = new X509Certificate(der)
  return { certPem: cert.toString(), keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, cert, key: privateKey }
}

const { asn1 } = forge
type Asn1 = forge.asn1.Asn1
const UNIVERSAL = asn1.Class.UNIVERSAL
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC
const T = asn1.Type

const seq = (...items: Asn1[]): Asn1 => asn1.create(UNIVERSAL, T.SEQUENCE, true, items)
const oid = (id: string): Asn1 => asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes())
const octets = (bytes: string): Asn1 => asn1.create(UNIVERSAL, T.OCTETSTRING, false, bytes)
const bin = (b: Buffer): string => b.toString('binary')
/** fromDer without decoding BIT STRING contents, so public keys re-encode byte for byte. */
const parseDer = (der: Buffer): Asn1 =>
  (asn1.fromDer as unknown as (bytes: string, options: object) => Asn1)(bin(der), { decodeBitStrings: false })

interface CertificateInput {
  profile: Profile
  spki: Buffer
  notBefore: number
  notAfter: number
  /** The issuer's subject, as the issuer encodes it (chain building compares raw bytes); undefined = self-signed. */
  issuerName: Asn1 | undefined
  issuerSpki: Buffer
  issuerKey: KeyObject
}

/** DER of an X.509 v3 certificate (RFC 5280 §4.1). */
function buildCertificate(input: CertificateInput): Buffer {
  const { profile, spki, issuerKey } = input
  const subject = name(profile)
  const sigAlg = issuerKey.asymmetricKeyType === 'rsa' ? seq(oid(OID.sha256WithRsa), asn1.create(UNIVERSAL, T.NULL, false, '')) : seq(oid(OID.ecdsaWithSha256))
  const tbs = seq(
    asn1.create(CONTEXT, 0 as forge.asn1.Type, true, [asn1.create(UNIVERSAL, T.INTEGER, false, asn1.integerToDer(2).getBytes())]),
    asn1.create(UNIVERSAL, T.INTEGER, false, bin(serialNumber())),
    sigAlg,
    input.issuerName ?? subject,
    seq(time(input.notBefore), time(input.notAfter)),
    subject,
    parseDer(spki),
    asn1.create(CONTEXT, 3 as forge.asn1.Type, true, [seq(...extensions(profile, spki, input.issuerSpki))])
  )
  const tbsDer = Buffer.from(asn1.toDer(tbs).getBytes(), 'binary')
  const signature = sign('sha256', tbsDer, issuerKey)
  const cert = seq(tbs, sigAlg, asn1.create(UNIVERSAL, T.BITSTRING, false, '\x00' + bin(signature)))
  return Buffer.from(asn1.toDer(cert).getBytes(), 'binary')
}

function extensions(profile: Profile, spki: Buffer, issuerSpki: Buffer): Asn1[] {
  const exts: Asn1[] = []
  const ext = (id: string, critical: boolean, value: Asn1): void => {
    const parts = [oid(id)]
    if (critical) parts.push(asn1.create(UNIVERSAL, T.BOOLEAN, false, '\xff'))
    parts.push(octets(asn1.toDer(value).getBytes()))
    exts.push(seq(...parts))
  }
  // digitalSignature(0) for ECDHE handshakes and client auth; keyCertSign(5) and cRLSign(6) for the CA.
  ext(OID.keyUsage, true, bitString(profile.ca ? [0, 5, 6] : [0]))
  if (profile.extKeyUsage.length) ext(OID.extKeyUsage, false, seq(...profile.extKeyUsage.map(oid)))
  ext(OID.basicConstraints, true, profile.ca ? seq(asn1.create(UNIVERSAL, T.BOOLEAN, false, '\xff')) : seq())
  ext(OID.subjectKeyIdentifier, false, octets(keyIdentifier(spki)))
  if (!profile.ca) ext(OID.authorityKeyIdentifier, false, seq(asn1.create(CONTEXT, 0 as forge.asn1.Type, false, keyIdentifier(issuerSpki))))
  if (profile.dns.length || profile.ips.length) {
    ext(
      OID.subjectAltName,
      false,
      seq(
        // GeneralName: [2] dNSName, [7] iPAddress (RFC 5280 §4.2.1.6).
        ...profile.dns.map((d) => asn1.create(CONTEXT, 2 as forge.asn1.Type, false, d)),
        ...profile.ips.map((ip) => asn1.create(CONTEXT, 7 as forge.asn1.Type, false, String.fromCharCode(...ip.split('.').map(Number))))
      )
    )
  }
  return exts
}

/** Name with O before CN, the order Go's x509 writes (and so kubeadm's certificates carry). */
function name(profile: Profile): Asn1 {
  const rdn = (id: string, value: string): Asn1 =>
    asn1.create(UNIVERSAL, T.SET, true, [seq(oid(id), asn1.create(UNIVERSAL, T.UTF8, false, forge.util.encodeUtf8(value)))])
  return seq(...profile.orgs.map((o) => rdn(OID.organization, o)), rdn(OID.commonName, profile.cn))
}

/** The subject Name of a certificate, as its own DER encodes it. */
function rawSubject(cert: X509Certificate): Asn1 {
  const tbs = (parseDer(cert.raw).value as Asn1[])[0].value as Asn1[]
  const versioned = tbs[0].tagClass === CONTEXT // v1 certificates have no [0] version
  return tbs[versioned ? 5 : 4]
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
function keyIdentifier(spki: Buffer): string {
  const bits = (parseDer(spki).value as Asn1[])[1].value as string
  return createHash('sha1').update(Buffer.from(bits.slice(1), 'binary')).digest('binary')
}

/** DER BIT STRING contents for the given bit positions (bit 0 = most significant), trailing zero bits trimmed as DER requires. */
function bitString(bits: number[]): Asn1 {
  const highest = Math.max(...bits)
  const bytes = new Uint8Array((highest >> 3) + 1)
  for (const b of bits) bytes[b >> 3] |= 0x80 >> (b & 7)
  const unused = bytes.length * 8 - (highest + 1)
  return asn1.create(UNIVERSAL, T.BITSTRING, false, String.fromCharCode(unused, ...bytes))
}

/** 128 random bits, positive and minimally encoded (Go rejects negative and padded serials). */
function serialNumber(): Buffer {
  const serial = randomBytes(16)
  serial[0] = serial[0] & 0x7f || 0x01
  return serial
}

/** UTCTime until 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5). */
function time(ms: number): Asn1 {
  const date = new Date(Math.floor(ms / 1000) * 1000)
  const year = date.getUTCFullYear()
  return year < 2050 && year >= 1950
    ? asn1.create(UNIVERSAL, T.UTCTIME, false, asn1.dateToUtcTime(date))
    : asn1.create(UNIVERSAL, T.GENERALIZEDTIME, false, asn1.dateToGeneralizedTime(date))
}
