import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const guestbook = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: redis-master
  labels: {app: redis}
spec:
  replicas: 1
  selector:
    matchLabels: {app: redis, role: master}
  template:
    metadata:
      labels: {app: redis, role: master}
    spec:
      containers:
      - name: master
        image: ${image}
        ports:
        - containerPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: redis-master
  labels: {app: redis, role: master}
spec:
  ports:
  - port: 6379
    targetPort: 6379
  selector: {app: redis, role: master}
`

/** kubectl apply, explain and field validation: the commands that need OpenAPI v3. */
describe.skipIf(!hasKubectl)('kubectl apply and explain', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('applies a multi-document file: created, then configured, then unchanged', async () => {
    const first = await k.run(['apply', '-f', '-'], guestbook('redis:7.2'))
    expect(first.stderr).toBe('')
    expect(first.stdout).toBe('deployment.apps/redis-master created\nservice/redis-master created\n')
    const changed = await k.run(['apply', '-f', '-'], guestbook('redis:7.4'))
    expect(changed.stdout).toBe('deployment.apps/redis-master configured\nservice/redis-master unchanged\n')
    const again = await k.run(['apply', '-f', '-'], guestbook('redis:7.4'))
    expect(again.stdout).toBe('deployment.apps/redis-master unchanged\nservice/redis-master unchanged\n')
    const d = JSON.parse((await k.run(['get', 'deploy', 'redis-master', '-o', 'json'])).stdout)
    expect(d.spec.template.spec.containers[0].image).toBe('redis:7.4')
    expect(d.metadata.generation).toBe(2)
    expect(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration']).toContain('redis:7.4')
  })

  it('applies server-side', async () => {
    const r = await k.run(['apply', '--server-side', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "1"\n')
    expect(r.stdout).toBe('configmap/ssa serverside-applied\n')
    const again = await k.run(['apply', '--server-side', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ssa\ndata:\n  a: "2"\n')
    expect(again.stdout).toBe('configmap/ssa serverside-applied\n')
    expect((await k.run(['get', 'cm', 'ssa', '-o', 'jsonpath={.data.a}'])).stdout).toBe('2')
  })

  it('rejects an unknown field (strict), warns with --validate=warn, and stores none of it', async () => {
    const typo = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagee: nginx\n'
    const strict = await k.run(['apply', '-f', '-'], typo)
    expect(strict.code).not.toBe(0)
    expect(strict.stderr).toContain('strict decoding error: unknown field "spec.containers[0].imagee"')
    expect((await k.run(['get', 'pod', 'typo'])).code).not.toBe(0)

    const warn = await k.run(['apply', '--validate=warn', '-f', '-'], typo)
    expect(warn.code).toBe(0)
    expect(warn.stderr).toContain('unknown field "spec.containers[0].imagee"')
    const stored = JSON.parse((await k.run(['get', 'pod', 'typo', '-o', 'json'])).stdout)
    expect(stored.spec.containers[0].imagee).toBeUndefined()
  })

  it('explains pod.spec.containers from our OpenAPI', async () => {
    const r = await k.run(['explain', 'pod.spec.containers'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('KIND:       Pod')
    expect(r.stdout).toContain('FIELD: containers <[]Container>')
    expect(r.stdout).toMatch(/image\s+<string>/)
  })

  it('refuses a body over the limit with 413 and keeps the data intact', async () => {
    const big = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: "${'x'.repeat(4 * 1024 * 1024)}"\n`
    const r = await k.run(['create', '-f', '-'], big)
    expect(r.code).not.toBe(0)
    expect(r.stderr).toMatch(/too large|Request entity too large/i)
    expect((await k.run(['get', 'cm', 'huge'])).code).not.toBe(0)
  })

  it('answers a stale update with a conflict', async () => {
    await k.run(['create', 'configmap', 'cas'])
    const obj = JSON.parse((await k.run(['get', 'cm', 'cas', '-o', 'json'])).stdout)
    await k.run(['label', 'cm', 'cas', 'x=1'])
    obj.data = { a: 'stale' }
    const r = await k.run(['replace', '-f', '-'], JSON.stringify(obj))
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again')
  })
})
