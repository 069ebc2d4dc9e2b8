import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import forge from 'node-forge'
import { OID, der, extension, oid, seq, set, tagged, text } from '../../../../main/cluster/apiserver/x509-der'

/**
 * PKCS#10 requests for tests, made as openssl req makes them: a subject of
 * O and CN attributes, optional subjectAltNames in an extensionRequest, a
 * P-256 key (fast; RSA requests come from openssl in the kubectl test).
 */
export interface TestRequest {
  /** The PEM request. */
  pem: string
  /** Its base64, as spec.request carries it. */
  b64: string
  key: KeyObject
}

export function makeCSR(subject: { cn?: string; orgs?: string[] }, san: { dns?: string[]; ips?: string[] } = {}, tamper = false): TestRequest {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  const rdn = (id: string, v: string) => set(seq(oid(id), text(forge.asn1.Type.UTF8, v)))
  const name = seq(...(subject.orgs ?? []).map((o) => rdn(OID.organization, o)), ...(subject.cn ? [rdn(OID.commonName, subject.cn)] : []))
  const names = [...(san.dns ?? []).map((d) => tagged(2, false, d)), ...(san.ips ?? []).map((ip) => tagged(7, false, String.fromCharCode(...ip.split('.').map(Number))))]
  const attributes = names.length ? [seq(oid('1.2.840.113549.1.9.14'), set(seq(extension(OID.subjectAltName, false, seq(...names)))))] : []
  const spki = forge.asn1.fromDer(publicKey.export({ type: 'spki', format: 'der' }).toString('binary'), { decodeBitStrings: false } as never)
  const info = seq(forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.INTEGER, false, '\x00'), name, spki, tagged(0, true, attributes))
  const infoDer = der(info)
  const signature = sign('sha256', tamper ? Buffer.concat([infoDer, Buffer.from([0])]) : infoDer, privateKey)
  const csr = der(seq(info, seq(oid(OID.ecdsaWithSha256)), forge.asn1.create(forge.asn1.Class.UNIVERSAL, forge.asn1.Type.BITSTRING, false, '\x00' + signature.toString('binary'))))
  const pem = `-----BEGIN CERTIFICATE REQUEST-----\n${csr.toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE REQUEST-----\n`
  return { pem, b64: Buffer.from(pem).toString('base64'), key: privateKey }
}
