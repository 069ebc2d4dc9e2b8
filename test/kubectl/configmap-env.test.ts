import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/*
 * Configuration through the environment, as a tutorial teaches it: a pod
 * that reads a ConfigMap and a Secret not yet created waits in
 * CreateContainerConfigError (kubectl get and describe say why), starts once
 * they exist, and `kubectl exec -- env` shows the values, the downward API's
 * and the Service variables.
 */
describe.skipIf(!hasKubectl)('ConfigMaps, Secrets and the downward API in container environments', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)

  afterAll(async () => {
    await k?.stop()
  })

  const pod = [
    'apiVersion: v1',
    'kind: Pod',
    'metadata: {name: configured}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: busybox',
    "    command: ['sh', '-c', 'sleep 3600']",
    '    envFrom: [{configMapRef: {name: app-config}}]',
    '    env:',
    '    - {name: PASSWORD, valueFrom: {secretKeyRef: {name: db-creds, key: password}}}',
    '    - {name: MY_NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}',
    ''
  ].join('\n')

  it('waits in CreateContainerConfigError while the ConfigMap is missing, and says so', async () => {
    await k.run(['create', 'service', 'clusterip', 'redis-master', '--tcp=6379:6379'])
    const created = await k.run(['apply', '-f', '-'], pod)
    expect(created.code, created.stderr).toBe(0)
    const row = await waitFor(async () => {
      const r = await k.run(['get', 'pod', 'configured', '--no-headers'])
      return r.stdout.includes('CreateContainerConfigError') ? r.stdout : undefined
    }, 'STATUS CreateContainerConfigError', 20_000)
    expect(row).toMatch(/^configured\s+0\/1\s+CreateContainerConfigError\s+0\s+/)
    const described = await waitFor(async () => {
      const r = await k.run(['describe', 'pod', 'configured'])
      return r.stdout.includes('Error: configmap "app-config" not found') ? r.stdout : undefined
    }, 'the Failed event in describe', 20_000)
    expect(described).toMatch(/Reason:\s+CreateContainerConfigError/)
    expect(described).toMatch(/Warning\s+Failed\s+.*kubelet\s+Error: configmap "app-config" not found/)
  })

  it('then waits for the Secret key, then runs with every value in its environment', async () => {
    expect((await k.run(['create', 'configmap', 'app-config', '--from-literal=MODE=prod', '--from-literal=LEVEL=debug'])).code).toBe(0)
    await k.cluster.clock.sleep(11_000)
    await waitFor(async () => (await k.run(['describe', 'pod', 'configured'])).stdout.includes('Error: secret "db-creds" not found'), 'the Secret named next', 20_000)
    expect((await k.run(['create', 'secret', 'generic', 'db-creds', '--from-literal=password=s3cret'])).code).toBe(0)
    await k.cluster.clock.sleep(11_000)
    await waitFor(async () => (await k.run(['get', 'pod', 'configured', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 'Running', 20_000)
    const env = await k.run(['exec', 'configured', '--', 'env'])
    expect(env.code, env.stderr).toBe(0)
    const node = (await k.run(['get', 'pod', 'configured', '-o', 'jsonpath={.spec.nodeName}'])).stdout
    const redisIP = (await k.run(['get', 'service', 'redis-master', '-o', 'jsonpath={.spec.clusterIP}'])).stdout
    for (const line of ['MODE=prod', 'LEVEL=debug', 'PASSWORD=s3cret', `MY_NODE=${node}`, `REDIS_MASTER_SERVICE_HOST=${redisIP}`, 'REDIS_MASTER_SERVICE_PORT_6379_6379=6379', 'KUBERNETES_SERVICE_HOST=10.96.0.1']) {
      expect(env.stdout.split('\n')).toContain(line)
    }
  })
})
