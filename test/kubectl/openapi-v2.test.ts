import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAllDocuments } from 'yaml'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * Real kubectl 1.32 and /openapi/v2. kubectl validates client-side, with the
 * v2 document fetched as gnostic protobuf, whatever it cannot hand to the
 * server's fieldValidation: every `kind: List` file (its verifier never asks
 * the server about List), and kinds without a PATCH operation (create-only
 * ones such as PacketTrace and SubjectAccessReview).
 */

const packetTrace = (extra = ''): string => `- apiVersion: kubelab.dev/v1alpha1
  kind: PacketTrace
  metadata:
    name: outside-in
  spec:
    source:
      external: true
    destination:
      address: 10.96.0.1
      port: 443
${extra}`

const pod = (extra = ''): string => `- apiVersion: v1
  kind: Pod
  metadata:
    name: listed
  spec:
    containers:
    - name: web
      image: nginx
${extra}`

const list = (...items: string[]): string => `apiVersion: v1\nkind: List\nitems:\n${items.join('')}`

describe.skipIf(!hasKubectl)('kubectl and /openapi/v2', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('a List with unknown fields and a wrong type fails client-side with kubectl\'s ValidationErrors, naming our definitions', async () => {
    const r = await k.run(['create', '-f', '-'], list(packetTrace('    bogus: 1\n'), pod('      imagee: typo\n      ports: 80\n')))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toBe(
      'error: error validating "STDIN": error validating data: [' +
        'ValidationError(PacketTrace.spec): unknown field "bogus" in io.k8s.api.kubelab.v1alpha1.PacketTraceSpec, ' +
        'ValidationError(Pod.spec.containers[0]): unknown field "imagee" in io.k8s.api.core.v1.Container, ' +
        'ValidationError(Pod.spec.containers[0].ports): invalid type for io.k8s.api.core.v1.Container.ports: got "integer", expected "array"' +
        ']; if you choose to ignore these errors, turn validation off with --validate=false\n'
    )
    expect((await k.run(['get', 'pod', 'listed'])).code).not.toBe(0)
  })

  it('a valid List passes that validation (no --validate flag) and is created: the trace answered, the pod stored', async () => {
    const r = await k.run(['create', '-f', '-', '-o', 'yaml'], list(packetTrace(), pod()))
    expect(r.code, r.stderr).toBe(0)
    const created = parseAllDocuments(r.stdout).map((d) => d.toJS() as { kind: string; status?: { verdict?: string } })
    expect(created.map((o) => o.kind)).toEqual(['PacketTrace', 'Pod'])
    expect(created[0].status?.verdict).toBeTruthy()
    expect((await k.run(['get', 'pod', 'listed', '-o', 'name'])).stdout).toBe('pod/listed\n')
  })

  it('ordinary kinds keep server-side validation: a Pod with a typo is rejected by the server (strict decoding)', async () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n    imagee: typo\n'
    const bad = await k.run(['create', '-f', '-'], pod)
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toContain('Error from server (BadRequest)')
    expect(bad.stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagee"')
    const good = await k.run(['create', '-f', '-'], pod.replace('    imagee: typo\n', ''))
    expect(good.code, good.stderr).toBe(0)
    expect(good.stdout).toBe('pod/web created\n')
  })

  it('kubectl explain still reads OpenAPI v3', async () => {
    const r = await k.run(['explain', 'pod.spec.containers', '-v=6'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('KIND:       Pod')
    expect(r.stderr).toContain('/openapi/v3/api/v1')
    expect(r.stderr).not.toContain('/openapi/v2')
  })
})
