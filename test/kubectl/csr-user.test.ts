import { execFileSync } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { expectOk } from './support/expect-ok'
import { waitFor } from '../support/wait'
import { csrSigningComponent } from '../../main/cluster/controllers/certificates/signing'

/**
 * kubernetes.io's "How to issue a certificate for a user", through real
 * kubectl: openssl makes a key and a request, a CertificateSigningRequest
 * for kubernetes.io/kube-apiserver-client is applied, approved with
 * `kubectl certificate approve`, issued by the csrsigning controller with the
 * cluster CA, and the certificate then authenticates as the request's CN and
 * O, to which RBAC applies.
 */
const openssl = '/usr/bin/openssl'

describe.skipIf(!hasKubectl)('kubectl: a normal user through a CertificateSigningRequest', () => {
  let k: KubectlHarness
  let dir: string
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [csrSigningComponent] })
    dir = mkdtempSync(join(tmpdir(), 'kubelab-csr-'))
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const ok = expectOk(() => k)
  const rows = (out: string) => out.split('\n').filter(Boolean).map((l) => l.split(/\s{2,}/).join('|'))
  /** A key and a PKCS#10 request for `subject`, as the tutorial makes them; returns the request's base64. */
  const request = (name: string, subject: string): string => {
    execFileSync(openssl, ['genrsa', '-out', join(dir, `${name}.key`), '2048'], { stdio: 'ignore' })
    execFileSync(openssl, ['req', '-new', '-key', join(dir, `${name}.key`), '-out', join(dir, `${name}.csr`), '-subj', subject], { stdio: 'ignore' })
    return readFileSync(join(dir, `${name}.csr`)).toString('base64')
  }
  const csrYaml = (name: string, req: string, signerName = 'kubernetes.io/kube-apiserver-client', usages = '[client auth]', extra = '  expirationSeconds: 86400\n') =>
    `apiVersion: certificates.k8s.io/v1\nkind: CertificateSigningRequest\nmetadata:\n  name: ${name}\nspec:\n  request: ${req}\n  signerName: ${signerName}\n${extra}  usages: ${usages}\n`
  const condition = async (name: string, want: string) =>
    waitFor(async () => (await k.run(['get', 'csr', name, '-o', 'custom-columns=C:.status.conditions[*].type', '--no-headers'])).stdout.trim() === want || undefined, `${name} ${want}`)

  it('issues a client certificate for an approved request, which authenticates as myuser in dev, and RBAC applies', async () => {
    expect(await ok(['apply', '-f', '-'], csrYaml('myuser', request('myuser', '/CN=myuser/O=dev')))).toBe('certificatesigningrequest.certificates.k8s.io/myuser created\n')
    const pending = rows(await ok(['get', 'csr']))
    expect(pending[0]).toBe('NAME|AGE|SIGNERNAME|REQUESTOR|REQUESTEDDURATION|CONDITION')
    expect(pending[1]).toMatch(/^myuser\|\d+s\|kubernetes\.io\/kube-apiserver-client\|kubelab-admin\|24h\|Pending$/)

    expect(await ok(['certificate', 'approve', 'myuser'])).toBe('certificatesigningrequest.certificates.k8s.io/myuser approved\n')
    await waitFor(async () => /Approved,Issued$/.test((await ok(['get', 'csr', 'myuser', '--no-headers'])).trim()) || undefined, 'myuser Approved,Issued')
    const approved = JSON.parse(await ok(['get', 'csr', 'myuser', '-o', 'json']))
    expect(approved.spec).toMatchObject({ username: 'kubelab-admin', groups: ['system:masters', 'system:authenticated'], expirationSeconds: 86400, usages: ['client auth'] })
    expect(approved.status.conditions).toEqual([
      expect.objectContaining({ type: 'Approved', status: 'True', reason: 'KubectlApprove', message: 'This CSR was approved by kubectl certificate approve.' })
    ])
    expect(approved.status.conditions[0].lastTransitionTime).toBeTruthy()

    const crt = Buffer.from(await ok(['get', 'csr', 'myuser', '-o', 'jsonpath={.status.certificate}']), 'base64').toString()
    writeFileSync(join(dir, 'myuser.crt'), crt)
    const cert = new X509Certificate(crt)
    expect(cert.subject).toBe('O=dev\nCN=myuser')
    expect(cert.issuer).toBe('CN=kubelab-ca')
    expect(Date.parse(cert.validTo) - Date.parse(cert.validFrom)).toBe(86_400_000)
    expect(cert.checkIssued(new X509Certificate(k.cluster.apiServer!.pki.caCert))).toBe(true)
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2'])

    await ok(['config', 'set-credentials', 'myuser', `--client-key=${join(dir, 'myuser.key')}`, `--client-certificate=${join(dir, 'myuser.crt')}`, '--embed-certs=true'])
    await ok(['create', 'role', 'developer', '--verb=get,list,watch', '--resource=pods'])
    await ok(['create', 'rolebinding', 'developer-binding-myuser', '--role=developer', '--user=myuser'])
    const whoami = await ok(['--user=myuser', 'auth', 'whoami'])
    expect(whoami).toMatch(/Username\s+myuser/)
    expect(whoami).toMatch(/Groups\s+\[dev system:authenticated\]/)
    const pods = await k.run(['--user=myuser', 'get', 'pods'])
    expect(pods.code).toBe(0)
    expect(pods.stderr.trim()).toBe('No resources found in default namespace.')
    const secrets = await k.run(['--user=myuser', 'get', 'secrets'])
    expect(secrets.stderr.trim()).toBe('Error from server (Forbidden): secrets is forbidden: User "myuser" cannot list resource "secrets" in API group "" in the namespace "default"')
  })

  it('denies, refuses approving a denied request, fails a request the signer refuses, and leaves unknown signers alone', async () => {
    await ok(['apply', '-f', '-'], csrYaml('denied', request('denied', '/CN=denied')))
    expect(await ok(['certificate', 'deny', 'denied'])).toBe('certificatesigningrequest.certificates.k8s.io/denied denied\n')
    expect((await ok(['get', 'csr', 'denied', '--no-headers'])).trim()).toMatch(/Denied$/)
    expect((await k.run(['certificate', 'approve', 'denied', '--force'])).stderr.trim()).toBe('error: certificate signing request "denied" is already Denied')
    // What kubectl refuses on its side, the /approval subresource refuses too.
    const stored = JSON.parse(await ok(['get', 'csr', 'denied', '-o', 'json']))
    stored.status.conditions.push({ type: 'Approved', status: 'True', reason: 'Sneaky' })
    writeFileSync(join(dir, 'both.json'), JSON.stringify(stored))
    const both = await k.run(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/denied/approval', '-f', join(dir, 'both.json')])
    expect(both.stderr).toContain('status.conditions[1].type: Invalid value: "Approved": Approved and Denied conditions are mutually exclusive')
    delete stored.status.conditions
    writeFileSync(join(dir, 'removed.json'), JSON.stringify(stored))
    const removed = await k.run(['replace', '--raw', '/apis/certificates.k8s.io/v1/certificatesigningrequests/denied/approval', '-f', join(dir, 'removed.json')])
    expect(removed.stderr).toContain('status.conditions: Forbidden: updates may not remove a condition of type "Denied"')

    await ok(['apply', '-f', '-'], csrYaml('serving', request('serving', '/CN=serving'), undefined, '[server auth]'))
    await ok(['certificate', 'approve', 'serving'])
    await condition('serving', 'Approved,Failed')
    const failed = JSON.parse(await ok(['get', 'csr', 'serving', '-o', 'json'])).status.conditions[1]
    expect(failed).toMatchObject({ type: 'Failed', status: 'True', reason: 'SignerValidationFailure', message: 'invalid usage for client certificate: server auth' })
    expect((await ok(['get', 'csr', 'serving', '--no-headers'])).trim()).toMatch(/Approved,Failed$/)

    await ok(['apply', '-f', '-'], csrYaml('custom', request('custom', '/CN=custom'), 'example.com/custom'))
    await ok(['certificate', 'approve', 'custom'])
    // The signer's queue is empty once the other requests are done: this one would have been handled with them.
    await condition('custom', 'Approved')
    expect(JSON.parse(await ok(['get', 'csr', 'custom', '-o', 'json'])).status.certificate).toBeUndefined()
  })

  it('rejects what ValidateCertificateSigningRequest and CertificateSubjectRestriction reject, with their messages', async () => {
    const bad = await k.run(['apply', '-f', '-'], csrYaml('bad', Buffer.from('not a request').toString('base64'), 'example', '[client auth, client auth, flying]', '  expirationSeconds: 60\n'))
    const err = bad.stderr
    expect(err).toContain('The CertificateSigningRequest "bad" is invalid:')
    expect(err).toContain('spec.request: Invalid value: []byte{0x6e, 0x6f, 0x74, 0x20, 0x61, 0x20, 0x72, 0x65, 0x71, 0x75, 0x65, 0x73, 0x74}: PEM block type must be CERTIFICATE REQUEST')
    expect(err).toContain('spec.usages[1]: Duplicate value: "client auth"')
    expect(err).toContain('spec.usages[2]: Unsupported value: "flying": supported values: "any", "cert sign", "client auth"')
    expect(err).toContain("spec.signerName: Invalid value: \"example\": must be a fully qualified domain and path of the form 'example.com/signer-name'")
    expect(err).toContain('spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)')

    const masters = await k.run(['apply', '-f', '-'], csrYaml('evil', request('evil', '/CN=evil/O=system:masters')))
    expect(masters.stderr.trim()).toBe(
      'Error from server (Forbidden): error when creating "STDIN": certificatesigningrequests.certificates.k8s.io "evil" is forbidden: use of kubernetes.io/kube-apiserver-client signer with system:masters group is not allowed'
    )
  })

  it('selects requests by spec.signerName', async () => {
    const names = await ok(['get', 'csr', '--field-selector', 'spec.signerName=example.com/custom', '-o', 'name'])
    expect(names).toBe('certificatesigningrequest.certificates.k8s.io/custom\n')
  })
})
