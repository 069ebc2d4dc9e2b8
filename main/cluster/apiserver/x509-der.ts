import { createHash, randomBytes, sign, type KeyObject, type X509Certificate } from 'node:crypto'
import forge from 'node-forge'

/**
 * X.509 DER, laid out with node-forge's ASN.1 module and signed by Node's
 * crypto (forge cannot sign with EC keys): what the cluster PKI (pki.ts) and
 * the CSR signing controller's certificate authority both issue with.
 */

const { asn1 } = forge
export type Asn1 = forge.asn1.Asn1
const UNIVERSAL = asn1.Class.UNIVERSAL
const CONTEXT = asn1.Class.CONTEXT_SPECIFIC
const T = asn1.Type

/** Object identifiers the issuers use. */
export const OID = {
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

export const seq = (...items: Asn1[]): Asn1 => asn1.create(UNIVERSAL, T.SEQUENCE, true, items)
export const set = (...items: Asn1[]): Asn1 => asn1.create(UNIVERSAL, T.SET, true, items)
export const oid = (id: string): Asn1 => asn1.create(UNIVERSAL, T.OID, false, asn1.oidToDer(id).getBytes())
export const octets = (bytes: string): Asn1 => asn1.create(UNIVERSAL, T.OCTETSTRING, false, bytes)
export const bool = (value: boolean): Asn1 => asn1.create(UNIVERSAL, T.BOOLEAN, false, value ? '\xff' : '\x00')
/** A context-specific tag ([n]), constructed or primitive. */
export const tagged = (n: number, constructed: boolean, value: Asn1[] | string): Asn1 => asn1.create(CONTEXT, n as forge.asn1.Type, constructed, value)
/** A string of the given universal type (UTF8String, PrintableString...), UTF-8 encoded. */
export const text = (type: forge.asn1.Type, value: string): Asn1 => asn1.create(UNIVERSAL, type, false, forge.util.encodeUtf8(value))
export const bin = (b: Buffer): string => b.toString('binary')
export const der = (node: Asn1): Buffer => Buffer.from(asn1.toDer(node).getBytes(), 'binary')

/** fromDer without decoding BIT STRING contents, so public keys and names re-encode byte for byte. */
export const parseDer = (bytes: Buffer): Asn1 =>
  (asn1.fromDer as unknown as (bytes: string, options: object) => Asn1)(bin(bytes), { decodeBitStrings: false })

/** One Extension (RFC 5280 §4.1): id, the critical flag when set, the DER of its value. */
export function extension(id: string, critical: boolean, value: Asn1 | string): Asn1 {
  const parts = [oid(id)]
  if (critical) parts.push(bool(true))
  parts.push(octets(typeof value === 'string' ? value : asn1.toDer(value).getBytes()))
  return seq(...parts)
}

/** The subject Name of a certificate, as its own DER encodes it. */
export function rawSubject(cert: X509Certificate): Asn1 {
  const tbs = (parseDer(cert.raw).value as Asn1[])[0].value as Asn1[]
  const versioned = tbs[0].tagClass === CONTEXT // v1 certificates have no [0] version
  return tbs[versioned ? 5 : 4]
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(spki: Buffer): string {
  const bits = (parseDer(spki).value as Asn1[])[1].value as string
  return createHash('sha1').update(Buffer.from(bits.slice(1), 'binary')).digest('binary')
}

/** DER BIT STRING contents for the given bit positions (bit 0 = most significant), trailing zero bits trimmed as DER requires. */
export function bitString(bits: number[]): Asn1 {
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

/** What goes into one certificate. */
export interface CertificateFields {
  subject: Asn1
  /** DER SubjectPublicKeyInfo of the certified key. */
  spki: Buffer
  notBefore: number
  notAfter: number
  /** The issuer's subject, as the issuer encodes it (chain building compares raw bytes); the subject when self-signed. */
  issuerName: Asn1
  /** Signs the certificate: the issuer's private key (the subject's own when self-signed). */
  issuerKey: KeyObject
  extensions: Asn1[]
}

/** DER of an X.509 v3 certificate (RFC 5280 §4.1) with a random serial. */
export function buildCertificate(input: CertificateFields): Buffer {
  const { issuerKey } = input
  const sigAlg = issuerKey.asymmetricKeyType === 'rsa' ? seq(oid(OID.sha256WithRsa), asn1.create(UNIVERSAL, T.NULL, false, '')) : seq(oid(OID.ecdsaWithSha256))
  const tbs = seq(
    tagged(0, true, [asn1.create(UNIVERSAL, T.INTEGER, false, asn1.integerToDer(2).getBytes())]),
    asn1.create(UNIVERSAL, T.INTEGER, false, bin(serialNumber())),
    sigAlg,
    input.issuerName,
    seq(time(input.notBefore), time(input.notAfter)),
    input.subject,
    parseDer(input.spki),
    tagged(3, true, [seq(...input.extensions)])
  )
  const tbsDer = der(tbs)
  const signature = sign('sha256', tbsDer, issuerKey)
  return der(seq(tbs, sigAlg, asn1.create(UNIVERSAL, T.BITSTRING, false, '\x00' + bin(signature))))
}
