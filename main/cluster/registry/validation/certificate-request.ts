import { createPublicKey, verify, type KeyObject } from 'node:crypto'
import forge from 'node-forge'

/**
 * PKCS#10 certificate requests (RFC 2986) as Kubernetes reads them
 * (certificates.ParseCSR, then Go's x509.ParseCertificateRequest and
 * CheckSignature): the first PEM block must be a CERTIFICATE REQUEST whose
 * DER parses and whose self-signature verifies. What a signer needs of it
 * (subject, public key, subjectAltNames) is kept; nothing else.
 */

/** One attribute of the subject Name, in the order the request encodes them. */
export interface NameAttribute {
  oid: string
  value: string
}

export interface CertificateRequest {
  subject: NameAttribute[]
  commonName: string
  organizations: string[]
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer
  publicKey: KeyObject
  /** The DER of the requested subjectAltName extension's value, when the request asks for one. */
  subjectAltName?: string
  dnsNames: string[]
  emailAddresses: string[]
  ipAddresses: string[]
  uris: string[]
}

/** The error Kubernetes reports for a request it cannot use, as spec.request's message. */
export class RequestError extends Error {}

const CERTIFICATE_REQUEST = 'CERTIFICATE REQUEST'
const OID_COMMON_NAME = '2.5.4.3'
const OID_ORGANIZATION = '2.5.4.10'
const OID_EXTENSION_REQUEST = '1.2.840.113549.1.9.14'
const OID_SUBJECT_ALT_NAME = '2.5.29.17'

/** Signature algorithms Go's x509 verifies CSRs with: the hash Node's verify takes (null for Ed25519) and the key family. */
const SIGNATURE_ALGORITHMS: Record<string, { hash: string | null; family: 'rsa' | 'ec' | 'ed25519' }> = {
  '1.2.840.113549.1.1.5': { hash: 'sha1', family: 'rsa' },
  '1.2.840.113549.1.1.11': { hash: 'sha256', family: 'rsa' },
  '1.2.840.113549.1.1.12': { hash: 'sha384', family: 'rsa' },
  '1.2.840.113549.1.1.13': { hash: 'sha512', family: 'rsa' },
  '1.2.840.10045.4.1': { hash: 'sha1', family: 'ec' },
  '1.2.840.10045.4.3.2': { hash: 'sha256', family: 'ec' },
  '1.2.840.10045.4.3.3': { hash: 'sha384', family: 'ec' },
  '1.2.840.10045.4.3.4': { hash: 'sha512', family: 'ec' },
  '1.3.101.112': { hash: null, family: 'ed25519' }
}

const VERIFICATION_FAILURE = { rsa: 'crypto/rsa: verification error', ec: 'x509: ECDSA verification failure', ed25519: 'x509: Ed25519 verification failure' }
const MALFORMED = 'x509: malformed certificate request'

/** The first PEM block of `pem` (Go's pem.Decode skips text before it): its label and DER, or undefined. */
export function firstPemBlock(pem: string): { label: string; der: Buffer } | undefined {
  const m = /-----BEGIN ([^\n-]*)-----\r?\n([\s\S]*?)-----END \1-----/.exec(pem)
  if (!m) return undefined
  const body = m[2].replace(/\s+/g, '')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) return undefined
  return { label: m[1], der: Buffer.from(body, 'base64') }
}

/** One DER TLV: where its contents start and end (definite lengths only, as DER has). */
function tlv(buf: Buffer, at: number): { tag: number; start: number; end: number } {
  if (at + 2 > buf.length) throw new RequestError(MALFORMED)
  const tag = buf[at]
  let len = buf[at + 1]
  let start = at + 2
  if (len & 0x80) {
    const n = len & 0x7f
    if (n === 0 || n > 4 || start + n > buf.length) throw new RequestError(MALFORMED)
    len = 0
    for (let i = 0; i < n; i++) len = len * 256 + buf[start + i]
    start += n
  }
  if (start + len > buf.length) throw new RequestError(MALFORMED)
  return { tag, start, end: start + len }
}

type Asn1 = forge.asn1.Asn1
const children = (node: Asn1): Asn1[] => (Array.isArray(node.value) ? node.value : [])
const oidOf = (node: Asn1 | undefined): string => (node && typeof node.value === 'string' ? forge.asn1.derToOid(node.value) : '')

/** A directory string's text (UTF8String decoded, the single-byte string types as they are). */
function stringValue(node: Asn1): string {
  const raw = typeof node.value === 'string' ? node.value : ''
  if (node.type === forge.asn1.Type.UTF8) {
    try {
      return forge.util.decodeUtf8(raw)
    } catch {
      return raw
    }
  }
  return raw
}

function parseName(name: Asn1): NameAttribute[] {
  const attributes: NameAttribute[] = []
  for (const rdn of children(name)) for (const atv of children(rdn)) {
    const [type, value] = children(atv)
    if (!type || !value) throw new RequestError(MALFORMED)
    attributes.push({ oid: oidOf(type), value: stringValue(value) })
  }
  return attributes
}

/** GeneralNames of a subjectAltName value: [1] rfc822Name, [2] dNSName, [6] URI, [7] iPAddress. */
function parseAltNames(value: string, into: CertificateRequest): void {
  for (const general of children(forge.asn1.fromDer(value))) {
    const v = typeof general.value === 'string' ? general.value : ''
    switch (general.type as number) {
      case 1: into.emailAddresses.push(v); break
      case 2: into.dnsNames.push(v); break
      case 6: into.uris.push(v); break
      case 7: into.ipAddresses.push(v.length === 4 ? [...v].map((c) => c.charCodeAt(0)).join('.') : Buffer.from(v, 'binary').toString('hex')); break
    }
  }
}

/** The requested extensions (the extensionRequest attribute): only subjectAltName matters to the signers. */
function readExtensionRequest(attributes: Asn1 | undefined, into: CertificateRequest): void {
  for (const attribute of attributes ? children(attributes) : []) {
    const [type, values] = children(attribute)
    if (oidOf(type) !== OID_EXTENSION_REQUEST || !values) continue
    for (const extensions of children(values)) for (const ext of children(extensions)) {
      const parts = children(ext)
      if (oidOf(parts[0]) !== OID_SUBJECT_ALT_NAME) continue
      const value = parts[parts.length - 1]
      if (typeof value.value !== 'string') throw new RequestError(MALFORMED)
      into.subjectAltName = value.value
      parseAltNames(value.value, into)
    }
  }
}

/** Parses a PEM certificate request and checks its signature; throws RequestError with Kubernetes' message. */
export function parseCertificateRequest(pem: string): CertificateRequest {
  const block = firstPemBlock(pem)
  if (!block || block.label !== CERTIFICATE_REQUEST) throw new RequestError('PEM block type must be CERTIFICATE REQUEST')
  const der = block.der
  const outer = tlv(der, 0)
  if (outer.tag !== 0x30 || outer.end !== der.length) throw new RequestError(MALFORMED)
  const info = tlv(der, outer.start)
  const infoRaw = der.subarray(outer.start, info.end)
  let parsed: Asn1
  try {
    parsed = (forge.asn1.fromDer as unknown as (bytes: string, options: object) => Asn1)(der.toString('binary'), { decodeBitStrings: false })
  } catch {
    throw new RequestError(MALFORMED)
  }
  const [infoNode, algorithmNode, signatureNode] = children(parsed)
  const [, subjectNode, spkiNode, attributesNode] = infoNode ? children(infoNode) : []
  if (!subjectNode || !spkiNode || !algorithmNode || typeof signatureNode?.value !== 'string') throw new RequestError(MALFORMED)
  const spki = Buffer.from(forge.asn1.toDer(spkiNode).getBytes(), 'binary')
  let publicKey: KeyObject
  try {
    publicKey = createPublicKey({ key: spki, format: 'der', type: 'spki' })
  } catch {
    throw new RequestError('x509: unsupported public key algorithm')
  }
  const subject = parseName(subjectNode)
  const request: CertificateRequest = {
    subject,
    commonName: subject.find((a) => a.oid === OID_COMMON_NAME)?.value ?? '',
    organizations: subject.filter((a) => a.oid === OID_ORGANIZATION).map((a) => a.value),
    spki,
    publicKey,
    dnsNames: [],
    emailAddresses: [],
    ipAddresses: [],
    uris: []
  }
  readExtensionRequest(attributesNode, request)
  const algorithm = SIGNATURE_ALGORITHMS[oidOf(children(algorithmNode)[0])]
  if (!algorithm) throw new RequestError('x509: cannot verify signature: algorithm unimplemented')
  const keyFamily = publicKey.asymmetricKeyType === 'rsa' ? 'rsa' : publicKey.asymmetricKeyType === 'ec' ? 'ec' : publicKey.asymmetricKeyType
  if (keyFamily !== algorithm.family) throw new RequestError('x509: signature algorithm specifies an ' + (algorithm.family === 'rsa' ? 'RSA' : algorithm.family === 'ec' ? 'ECDSA' : 'Ed25519') + ' public key, but have public key of type ' + publicKeyTypeName(publicKey))
  // The BIT STRING's first byte counts unused bits; a signature uses whole bytes.
  const signature = Buffer.from(signatureNode.value.slice(1), 'binary')
  if (!verify(algorithm.hash, infoRaw, publicKey, signature)) throw new RequestError(VERIFICATION_FAILURE[algorithm.family])
  return request
}

/** Go's %T of the parsed key, as its mismatch error names it. */
function publicKeyTypeName(key: KeyObject): string {
  switch (key.asymmetricKeyType) {
    case 'rsa': return '*rsa.PublicKey'
    case 'ec': return '*ecdsa.PublicKey'
    case 'ed25519': return 'ed25519.PublicKey'
    default: return '<nil>'
  }
}
