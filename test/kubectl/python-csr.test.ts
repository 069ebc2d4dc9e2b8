import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { pythonClient, runPythonScript, warnIfNoPythonClient, type Step } from './support/python'
import { csrSigningComponent } from '../../main/cluster/controllers/certificates/signing'

warnIfNoPythonClient('python CSR tests')

/**
 * The same "normal user" flow through python3-kubernetes: create the
 * CertificateSigningRequest, approve it through replace_..._approval, watch
 * for the certificate, then use it as the client's credentials; the API then
 * knows the caller as the request's CN, which RBAC has given nothing yet.
 */
const script = (request: string, keyFile: string, dir: string) => String.raw`
import base64, json, sys
from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException

config.load_kube_config(config_file=sys.argv[1])
certs = client.CertificatesV1Api()
def out(step, **kw):
    print(json.dumps(dict(step=step, **kw)), flush=True)

body = client.V1CertificateSigningRequest(
    metadata=client.V1ObjectMeta(name='py-user'),
    spec=client.V1CertificateSigningRequestSpec(request='${request}', signer_name='kubernetes.io/kube-apiserver-client', expiration_seconds=3600, usages=['client auth'], username='mallory'))
created = certs.create_certificate_signing_request(body)
out('create', username=created.spec.username, conditions=created.status.conditions)

csr = certs.read_certificate_signing_request('py-user')
csr.status.conditions = [client.V1CertificateSigningRequestCondition(type='Approved', status='True', reason='PyApprove', message='approved from python')]
approved = certs.replace_certificate_signing_request_approval('py-user', csr)
out('approve', types=[c.type for c in approved.status.conditions])

pem = None
w = watch.Watch()
for ev in w.stream(certs.list_certificate_signing_request, field_selector='metadata.name=py-user', timeout_seconds=30):
    if ev['object'].status.certificate:
        pem = base64.b64decode(ev['object'].status.certificate)
        w.stop()
out('issued', issued=pem is not None)
open('${dir}/py-user.crt', 'wb').write(pem)

admin = client.Configuration.get_default_copy()
user = client.Configuration()
user.host = admin.host
user.ssl_ca_cert = admin.ssl_ca_cert
user.cert_file = '${dir}/py-user.crt'
user.key_file = '${keyFile}'
core = client.CoreV1Api(client.ApiClient(user))
try:
    core.list_namespaced_secret('default')
    out('secrets', status=200)
except ApiException as e:
    out('secrets', status=e.status, message=json.loads(e.body)['message'])
`

describe.skipIf(!pythonClient)('python3-kubernetes: a normal user through a CertificateSigningRequest', () => {
  let k: KubectlHarness
  let dir: string
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [csrSigningComponent] })
    dir = mkdtempSync(join(tmpdir(), 'kubelab-pycsr-'))
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('creates, approves and is issued a certificate that authenticates as the CN', async () => {
    execFileSync('/usr/bin/openssl', ['genrsa', '-out', join(dir, 'py-user.key'), '2048'], { stdio: 'ignore' })
    execFileSync('/usr/bin/openssl', ['req', '-new', '-key', join(dir, 'py-user.key'), '-out', join(dir, 'py-user.csr'), '-subj', '/CN=py-user/O=ops'], { stdio: 'ignore' })
    const request = readFileSync(join(dir, 'py-user.csr')).toString('base64')
    const { code, steps, stderr } = await runPythonScript(script(request, join(dir, 'py-user.key'), dir), k.kubeconfig, 60_000)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const step = (name: string): Step | undefined => steps.find((s) => s.step === name)
    // The body's username is ignored: the requester is whoever the credentials say.
    expect(step('create')).toEqual({ step: 'create', username: 'kubelab-admin', conditions: null })
    expect(step('approve')).toEqual({ step: 'approve', types: ['Approved'] })
    expect(step('issued')).toEqual({ step: 'issued', issued: true })
    expect(step('secrets')).toEqual({
      step: 'secrets',
      status: 403,
      message: 'secrets is forbidden: User "py-user" cannot list resource "secrets" in API group "" in the namespace "default"'
    })
  })
})
