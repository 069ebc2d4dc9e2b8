import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, runKubectl, type KubectlHarness } from './support/kubectl'

/** Real kubectl 1.32 against a headless Kubelab: what the API owes before any controller runs. */
describe.skipIf(!hasKubectl)('kubectl against Kubelab: API basics', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('kubectl version reports a 1.32 server', async () => {
    const r = await k.run(['version', '-o', 'json'])
    expect(r.code).toBe(0)
    const v = JSON.parse(r.stdout)
    expect(v.serverVersion.major).toBe('1')
    expect(v.serverVersion.minor).toBe('32')
  })

  it('kubectl api-resources lists the served kinds with short names', async () => {
    const r = await k.run(['api-resources'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^pods\s+po\s+v1\s+true\s+Pod$/m)
    expect(r.stdout).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m)
    expect(r.stdout).toMatch(/^horizontalpodautoscalers\s+hpa\s+autoscaling\/v2\s+true\s+HorizontalPodAutoscaler$/m)
  })

  it('kubectl get ns shows the system namespaces', async () => {
    const r = await k.run(['get', 'ns', '-o', 'name'])
    expect(r.stdout.trim().split('\n').sort()).toEqual(['namespace/default', 'namespace/kube-node-lease', 'namespace/kube-public', 'namespace/kube-system'])
  })

  it('kubectl create namespace/deployment/configmap/secret (protobuf bodies) and get them back', async () => {
    expect((await k.run(['create', 'namespace', 'shop'])).stdout).toBe('namespace/shop created\n')
    expect((await k.run(['-n', 'shop', 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=3'])).stdout).toBe('deployment.apps/web created\n')
    expect((await k.run(['-n', 'shop', 'create', 'configmap', 'cfg', '--from-literal=a=1'])).stdout).toBe('configmap/cfg created\n')
    expect((await k.run(['-n', 'shop', 'create', 'secret', 'generic', 's', '--from-literal=p=x'])).stdout).toBe('secret/s created\n')
    const d = JSON.parse((await k.run(['-n', 'shop', 'get', 'deploy', 'web', '-o', 'json'])).stdout)
    expect(d.spec.replicas).toBe(3)
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.27')
    expect(d.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: '25%' })
    const s = JSON.parse((await k.run(['-n', 'shop', 'get', 'secret', 's', '-o', 'json'])).stdout)
    expect(Buffer.from(s.data.p, 'base64').toString()).toBe('x')
  })

  it('kubectl label, annotate, patch and scale', async () => {
    await k.run(['create', 'configmap', 'tags'])
    expect((await k.run(['label', 'cm', 'tags', 'env=prod'])).stdout).toBe('configmap/tags labeled\n')
    expect((await k.run(['label', 'cm', 'tags', 'env=dev'])).code).not.toBe(0)
    expect((await k.run(['label', 'cm', 'tags', 'env=dev', '--overwrite'])).code).toBe(0)
    expect((await k.run(['annotate', 'cm', 'tags', 'owner=me'])).stdout).toBe('configmap/tags annotated\n')
    expect((await k.run(['get', 'cm', '-l', 'env=dev', '-o', 'name'])).stdout).toBe('configmap/tags\n')
    expect((await k.run(['get', 'cm', '-l', 'env in (prod,dev),!missing', '-o', 'name'])).stdout).toBe('configmap/tags\n')
    expect((await k.run(['label', 'cm', 'tags', 'env-'])).stdout).toBe('configmap/tags unlabeled\n')
    expect((await k.run(['patch', 'cm', 'tags', '--type', 'merge', '-p', '{"data":{"k":"v"}}'])).stdout).toBe('configmap/tags patched\n')
    expect((await k.run(['patch', 'cm', 'tags', '--type', 'json', '-p', '[{"op":"add","path":"/data/j","value":"w"}]'])).code).toBe(0)
    const cm = JSON.parse((await k.run(['get', 'cm', 'tags', '-o', 'json'])).stdout)
    expect(cm.data).toEqual({ k: 'v', j: 'w' })
    expect(cm.metadata.annotations).toEqual({ owner: 'me' })

    await k.run(['create', 'deployment', 'api', '--image=nginx'])
    expect((await k.run(['scale', 'deploy', 'api', '--replicas=4'])).stdout).toBe('deployment.apps/api scaled\n')
    expect((await k.run(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.replicas}'])).stdout).toBe('4')
    expect((await k.run(['patch', 'deploy', 'api', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.28"}]}}}}'])).code).toBe(0)
    const d = JSON.parse((await k.run(['get', 'deploy', 'api', '-o', 'json'])).stdout)
    expect(d.spec.template.spec.containers).toHaveLength(1)
    expect(d.spec.template.spec.containers[0].image).toBe('nginx:1.28')
    expect(d.metadata.generation).toBe(3)
  })

  it('answers errors as a real apiserver does', async () => {
    const missing = await k.run(['get', 'pod', 'nope'])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('Error from server (NotFound): pods "nope" not found')

    await k.run(['create', 'configmap', 'dup'])
    const dup = await k.run(['create', 'configmap', 'dup'])
    // Generator commands word it their own way; `create -f` prints the server's error as is.
    expect(dup.stderr).toContain('error: failed to create configmap: configmaps "dup" already exists')
    const dupFile = await k.run(['create', '--validate=false', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n')
    expect(dupFile.stderr).toContain('Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists')

    const badSelector = await k.run(['get', 'pods', '-l', 'app in (a'])
    expect(badSelector.code).not.toBe(0)

    const invalid = await k.run(['create', '--validate=false', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n')
    expect(invalid.stderr).toContain('The Pod "bad" is invalid: spec.containers[0].image: Required value')

    const noCreds = await runKubectl(['--server', k.cluster.apiServer!.url, '--insecure-skip-tls-verify', '--token', 'not-the-token', 'get', 'pods'], '')
    expect(noCreds.code).not.toBe(0)
    expect(noCreds.stderr).toContain('error: You must be logged in to the server')
  })

  it('deletes with kubectl delete, by name and by label', async () => {
    await k.run(['create', 'configmap', 'gone1'])
    await k.run(['create', 'configmap', 'gone2'])
    await k.run(['label', 'cm', 'gone1', 'gone2', 'tier=tmp'])
    expect((await k.run(['delete', 'cm', '-l', 'tier=tmp'])).stdout).toBe('configmap "gone1" deleted\nconfigmap "gone2" deleted\n')
    expect((await k.run(['get', 'cm', '-l', 'tier=tmp', '-o', 'name'])).stdout).toBe('')
  })
})
