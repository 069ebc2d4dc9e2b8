import { describe, expect, it } from 'vitest'
import { fieldErrorString } from '../../../main/cluster/apimachinery/field-errors'
import { certificateSigningRequestDefinition as def, type CertificateSigningRequestObject } from '../../../main/cluster/registry/kinds/certificatesigningrequest'
import { updateStrategy } from '../../../main/cluster/registry/update-merge'
import { parseCertificateRequest } from '../../../main/cluster/registry/validation/certificate-request'
import { csrCondition } from '../../../main/cluster/registry/columns/certificatesigningrequest'
import { makeCSR } from '../controllers/certificates/make-csr'

type C = CertificateSigningRequestObject
const NOW = '2026-11-27T09:00:00Z'
const { b64 } = makeCSR({ cn: 'myuser', orgs: ['dev'] })

function csr(spec: Record<string, unknown> = {}, status?: Record<string, unknown>): C {
  return {
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'myuser', uid: 'u1', creationTimestamp: NOW, resourceVersion: '5' },
    spec: { request: b64, signerName: 'kubernetes.io/kube-apiserver-client', usages: ['client auth'], ...spec },
    ...(status ? { status } : {})
  } as C
}

const errors = (obj: C) => def.validate(obj).map(fieldErrorString)

/** An update through `subresource` (none: the main resource), as the pipeline merges and validates it. */
function update(subresource: string | undefined, old: C, incoming: C): { obj: C; errors: string[] } {
  const strategy = updateStrategy(def, subresource, NOW)!
  const obj = strategy.merge(old, structuredClone(incoming)) as C
  return { obj, errors: strategy.validate(obj, old).map(fieldErrorString) }
}

describe('CertificateSigningRequest requests', () => {
  it('parses the subject, key and subjectAltNames of a request whose signature checks, and refuses others', () => {
    const req = parseCertificateRequest(makeCSR({ cn: 'system:node:n1', orgs: ['system:nodes'] }, { dns: ['n1'], ips: ['10.0.0.1'] }).pem)
    expect([req.commonName, req.organizations, req.dnsNames, req.ipAddresses]).toEqual(['system:node:n1', ['system:nodes'], ['n1'], ['10.0.0.1']])
    expect(() => parseCertificateRequest('hello')).toThrow('PEM block type must be CERTIFICATE REQUEST')
    expect(() => parseCertificateRequest('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')).toThrow('PEM block type must be CERTIFICATE REQUEST')
    expect(() => parseCertificateRequest('-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n')).toThrow('x509: malformed certificate request')
    expect(() => parseCertificateRequest(makeCSR({ cn: 'x' }, {}, true).pem)).toThrow('x509: ECDSA verification failure')
  })
})

describe('CertificateSigningRequest create', () => {
  it('records the requester from the credentials, never from the body, and starts with an empty status', () => {
    const obj = csr({ username: 'someone-else', groups: ['system:masters'], uid: 'x' }, { conditions: [{ type: 'Approved', status: 'True' }] })
    def.defaults(obj)
    def.prepareForCreate!(obj, { username: 'alice', groups: ['dev', 'system:authenticated'], uid: 'a1', extra: { scopes: ['s'] } })
    expect(obj.spec).toMatchObject({ username: 'alice', uid: 'a1', groups: ['dev', 'system:authenticated'], extra: { scopes: ['s'] } })
    expect(obj.status).toEqual({})
    const loopback = csr({ username: 'someone-else' })
    def.prepareForCreate!(loopback)
    expect(loopback.spec.username).toBeUndefined()
  })

  it('accepts the tutorial request and reports the real messages for bad ones', () => {
    expect(errors(csr({ expirationSeconds: 86400 }))).toEqual([])
    expect(errors(csr({ request: Buffer.from('ab').toString('base64') }))).toEqual(['spec.request: Invalid value: []byte{0x61, 0x62}: PEM block type must be CERTIFICATE REQUEST'])
    expect(errors(csr({ usages: [] }))).toEqual(['spec.usages: Required value'])
    expect(errors(csr({ usages: ['client auth', 'client auth'] }))).toEqual(['spec.usages[1]: Duplicate value: "client auth"'])
    expect(errors(csr({ usages: ['fly'] }))[0]).toMatch(/^spec\.usages\[0\]: Unsupported value: "fly": supported values: "any", "cert sign", "client auth", "code signing"/)
    expect(errors(csr({ expirationSeconds: 599 }))).toEqual(['spec.expirationSeconds: Invalid value: 599: may not specify a duration less than 600 seconds (10 minutes)'])
  })

  it('requires a qualified signerName', () => {
    expect(errors(csr({ signerName: '' }))).toEqual(['spec.signerName: Required value'])
    expect(errors(csr({ signerName: 'kubernetes.io/legacy-unknown' }))).toEqual(['spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version'])
    expect(errors(csr({ signerName: 'example' }))).toEqual(["spec.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'"])
    expect(errors(csr({ signerName: 'example/foo' }))).toEqual(['spec.signerName: Invalid value: "example": should be a domain with at least two segments separated by dots'])
    expect(errors(csr({ signerName: 'Example.com/foo' }))[0]).toMatch(/^spec\.signerName: Invalid value: "Example\.com": validating label "Example": a lowercase RFC 1123 label must consist of/)
    expect(errors(csr({ signerName: 'example.com/Foo' }))[0]).toMatch(/^spec\.signerName: Invalid value: "Foo": validating component "Foo": a lowercase RFC 1123 subdomain must consist of/)
  })
})

describe('CertificateSigningRequest updates', () => {
  const approved = { type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'ok' }

  it('keeps spec and status on a main-resource update', () => {
    const old = csr()
    const { obj, errors } = update(undefined, old, { ...csr({ signerName: 'example.com/other', usages: ['server auth'] }, { certificate: 'eA==' }), metadata: { ...old.metadata, labels: { a: 'b' } } })
    expect(errors).toEqual([])
    expect(obj.spec).toEqual(old.spec)
    expect(obj.status).toBeUndefined()
    expect(obj.metadata.labels).toEqual({ a: 'b' })
  })

  it('approval sets only the conditions, with their times; both Approved and Denied, or a removal, are refused', () => {
    const old = csr({}, {})
    const { obj, errors } = update('approval', old, csr({ usages: ['server auth'] }, { conditions: [{ type: 'Approved', reason: 'KubectlApprove' }], certificate: 'eA==' }))
    expect(errors).toEqual([])
    expect(obj.spec.usages).toEqual(['client auth'])
    expect(obj.status).toEqual({ conditions: [{ type: 'Approved', status: 'True', reason: 'KubectlApprove', lastUpdateTime: NOW, lastTransitionTime: NOW }] })
    expect(csrCondition(obj)).toBe('Approved')
    const both = update('approval', obj, csr({}, { conditions: [...obj.status!.conditions!, { type: 'Denied', status: 'True' }] }))
    expect(both.errors).toEqual(['status.conditions[1].type: Invalid value: "Denied": Approved and Denied conditions are mutually exclusive'])
    expect(update('approval', obj, csr({}, {})).errors).toEqual(['status.conditions: Forbidden: updates may not remove a condition of type "Approved"'])
    expect(update('approval', obj, csr({}, { conditions: [{ ...approved, status: 'False' }] })).errors).toContain('status.conditions[0].status: Unsupported value: "False": supported values: "True"')
  })

  it('status sets the certificate once and Failed, but never approves', () => {
    const old = csr({}, { conditions: [{ ...approved, lastUpdateTime: NOW, lastTransitionTime: NOW }] })
    expect(update('status', old, csr({}, { conditions: [...old.status!.conditions!], certificate: 'eA==' })).errors).toEqual([
      'status.certificate: Invalid value: "<certificate data>": must contain at least one CERTIFICATE PEM block'
    ])
    const sneaky = update('status', csr({}, {}), csr({}, { conditions: [approved] }))
    expect(sneaky.errors).toEqual(['status.conditions: Forbidden: updates may not add a condition of type "Approved"'])
    const failed = update('status', old, csr({}, { conditions: [...old.status!.conditions!, { type: 'Failed', status: 'True', reason: 'SignerValidationFailure' }] }))
    expect(failed.errors).toEqual([])
    expect(csrCondition(failed.obj)).toBe('Approved,Failed')
    expect(update(undefined, old, csr({}, { certificate: 'eA==' })).obj.status).toEqual(old.status)
  })
})
