import { X509Certificate, createPrivateKey, type KeyObject } from 'node:crypto'
import forge from 'node-forge'
import { type Asn1, OID, bitString, buildCertificate, extension, keyIdentifier, oid, rawSubject, seq, set, tagged, text } from '../../apiserver/x509-der'
import type { CertificateRequest, NameAttribute } from '../../registry/validation/certificate-request'

/**
 * The certificate authority the CSR signers sign with
 * (pkg/controller/certificates/authority): the request's subject, public key
 * and subjectAltNames, the usages the CSR asks for, never a CA, valid from a
 * little before now for the TTL the signer grants, and never beyond the CA.
 */
export interface CertificateAuthority {
  certificate: X509Certificate
  key: KeyObject
}

export function loadAuthority(certPem: string, keyPem: string): CertificateAuthority {
  return { certificate: new X509Certificate(certPem), key: createPrivateKey(keyPem) }
}

/** PermissiveSigningPolicy: what the certificate may do and how long it lives. */
export interface SigningPolicy {
  ttlMs: number
  usages: readonly string[]
  /** How far before now the certificate starts (clock skew between signer and clients). */
  backdateMs: number
  /** Below this TTL the end is not backdated too. */
  shortMs: number
  /** Wall-clock ms: clients check certificates against real time. */
  now: number
}

/** keyUsagesFromStrings: KeyUsage bit positions (RFC 5280 §4.2.1.3). */
const keyUsageBits: Record<string, number> = {
  signing: 0,
  'digital signature': 0,
  'content commitment': 1,
  'key encipherment': 2,
  'data encipherment': 3,
  'key agreement': 4,
  'cert sign': 5,
  'crl sign': 6,
  'encipher only': 7,
  'decipher only': 8
}

/** Extended key usages in Go's x509.ExtKeyUsage order (the order they are sorted and written in). */
const extKeyUsages: [string, string][] = [
  ['any', '2.5.29.37.0'],
  ['server auth', OID.serverAuth],
  ['client auth', OID.clientAuth],
  ['code signing', '1.3.6.1.5.5.7.3.3'],
  ['email protection', '1.3.6.1.5.5.7.3.4'],
  ['s/mime', '1.3.6.1.5.5.7.3.4'],
  ['ipsec end system', '1.3.6.1.5.5.7.3.5'],
  ['ipsec tunnel', '1.3.6.1.5.5.7.3.6'],
  ['ipsec user', '1.3.6.1.5.5.7.3.7'],
  ['timestamping', '1.3.6.1.5.5.7.3.8'],
  ['ocsp signing', '1.3.6.1.5.5.7.3.9'],
  ['microsoft sgc', '1.3.6.1.4.1.311.10.3.3'],
  ['netscape sgc', '2.16.840.1.113730.4.1']
]

/** Go's pkix.Name.ToRDNSequence order; other attributes of the request's subject are not carried over. */
const subjectOrder = ['2.5.4.6', '2.5.4.8', '2.5.4.7', '2.5.4.9', '2.5.4.17', OID.organization, '2.5.4.11', OID.commonName, '2.5.4.5']

const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/

/** The subject as Go re-encodes a parsed one: one RDN per attribute type, PrintableString when it can be. */
function subjectName(attributes: readonly NameAttribute[]): Asn1 {
  const rdns: Asn1[] = []
  for (const id of subjectOrder) {
    const values = attributes.filter((a) => a.oid === id).map((a) => a.value)
    if (!values.length) continue
    rdns.push(set(...values.map((v) => seq(oid(id), text(printable.test(v) ? forge.asn1.Type.PRINTABLESTRING : forge.asn1.Type.UTF8, v)))))
  }
  return seq(...rdns)
}

/** Signs `request` under `policy`; returns the certificate as PEM. Throws when the CA has expired. */
export function signRequest(ca: CertificateAuthority, request: CertificateRequest, policy: SigningPolicy): string {
  const signerNotAfter = Date.parse(ca.certificate.validTo)
  const notBefore = policy.now - policy.backdateMs
  // A short-lived certificate keeps its whole TTL; a long one ends a backdate earlier, as it starts.
  let notAfter = policy.ttlMs < policy.shortMs ? policy.now + policy.ttlMs : policy.now + policy.ttlMs - policy.backdateMs
  if (notAfter >= signerNotAfter) notAfter = signerNotAfter
  if (notBefore >= signerNotAfter) throw new Error(`the signer has expired: NotAfter=${ca.certificate.validTo}`)
  if (policy.now >= signerNotAfter) throw new Error(`refusing to sign a certificate that expired in the past: NotAfter=${ca.certificate.validTo}`)

  const bits = [...new Set(policy.usages.filter((u) => u in keyUsageBits).map((u) => keyUsageBits[u]))]
  const ekus = [...new Set(extKeyUsages.filter(([name]) => policy.usages.includes(name)).map(([, id]) => id))]
  const extensions: Asn1[] = []
  if (bits.length) extensions.push(extension(OID.keyUsage, true, bitString(bits)))
  if (ekus.length) extensions.push(extension(OID.extKeyUsage, false, seq(...ekus.map(oid))))
  extensions.push(extension(OID.basicConstraints, true, seq()))
  const caSpki = ca.certificate.publicKey.export({ type: 'spki', format: 'der' })
  extensions.push(extension(OID.authorityKeyIdentifier, false, seq(tagged(0, false, keyIdentifier(caSpki)))))
  const subject = subjectName(request.subject)
  // An empty subject makes the subjectAltName the certificate's identity: critical, as RFC 5280 asks.
  if (request.subjectAltName) extensions.push(extension(OID.subjectAltName, (subject.value as Asn1[]).length === 0, request.subjectAltName))

  const der = buildCertificate({
    subject,
    spki: request.spki,
    notBefore,
    notAfter,
    issuerName: rawSubject(ca.certificate),
    issuerKey: ca.key,
    extensions
  })
  return new X509Certificate(der).toString()
}
