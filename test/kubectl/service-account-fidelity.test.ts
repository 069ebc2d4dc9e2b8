import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { waitFor } from '../support/wait'

/**
 * What a kubectl user of a fresh real cluster sees of service accounts: a
 * kube-root-ca.crt ConfigMap in every namespace, pods that run as `default`
 * with the kube-api-access projected volume, the 403 for a missing account,
 * and template metadata with `creationTimestamp: null`.
 */
describe.skipIf(!hasKubectl)('kubectl: service accounts, the root CA, field managers and null fields', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })
  const ok = async (args: string[]): Promise<string> => {
    const r = await k.run(args)
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} failed: ${r.stderr}`)
    return r.stdout
  }

  it('get cm -A lists kube-root-ca.crt in every namespace, holding the CA the kubeconfig trusts', async () => {
    const rows = await waitFor(async () => {
      const out = await ok(['get', 'cm', '-A', '--field-selector', 'metadata.name=kube-root-ca.crt', '--no-headers'])
      return out.trim().split('\n').length === 4 ? out : undefined
    }, 'kube-root-ca.crt in the four namespaces')
    expect(rows.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'default kube-root-ca.crt 1',
      'kube-node-lease kube-root-ca.crt 1',
      'kube-public kube-root-ca.crt 1',
      'kube-system kube-root-ca.crt 1'
    ])
    const ca = await ok(['get', 'cm', 'kube-root-ca.crt', '-o', 'jsonpath={.data.ca\\.crt}'])
    const trusted = await ok(['config', 'view', '--raw', '-o', 'jsonpath={.clusters[0].cluster.certificate-authority-data}'])
    expect(ca).toBe(Buffer.from(trusted, 'base64').toString())
  })

  it('run: the pod runs as default with kube-api-access-xxxxx mounted; -o yaml and describe show it as on a real cluster', async () => {
    await waitFor(async () => (await k.run(['get', 'sa', 'default'])).code === 0, 'default ServiceAccount')
    expect(await ok(['run', 'web', '--image=nginx'])).toBe('pod/web created\n')
    const yaml = await ok(['get', 'pod', 'web', '-o', 'yaml'])
    const name = /- name: (kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5})\n/.exec(yaml)?.[1]
    expect(name).toBeDefined()
    expect(yaml).toContain(`    volumeMounts:\n    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount\n      name: ${name}\n      readOnly: true\n`)
    expect(yaml).toContain('  serviceAccount: default\n  serviceAccountName: default\n')
    expect(yaml).toContain(
      [
        `  - name: ${name}`,
        '    projected:',
        '      defaultMode: 420',
        '      sources:',
        '      - serviceAccountToken:',
        '          expirationSeconds: 3607',
        '          path: token',
        '      - configMap:',
        '          items:',
        '          - key: ca.crt',
        '            path: ca.crt',
        '          name: kube-root-ca.crt',
        '      - downwardAPI:',
        '          items:',
        '          - fieldRef:',
        '              apiVersion: v1',
        '              fieldPath: metadata.namespace',
        '            path: namespace',
        ''
      ].join('\n')
    )
    const described = await ok(['describe', 'pod', 'web'])
    expect(described).toMatch(/^Service Account:\s+default$/m)
    expect(described).toContain(`      /var/run/secrets/kubernetes.io/serviceaccount from ${name} (ro)\n`)
    expect(described).toMatch(
      new RegExp(
        `^  ${name}:\\n    Type:\\s+Projected \\(a volume that contains injected data from multiple sources\\)\\n    TokenExpirationSeconds:\\s+3607\\n    ConfigMapName:\\s+kube-root-ca.crt\\n    ConfigMapOptional:\\s+<nil>\\n    DownwardAPI:\\s+true$`,
        'm'
      )
    )
  })

  it('--show-managed-fields: kubectl-run made the pod, the kubelet owns its status', async () => {
    await waitFor(async () => (await ok(['get', 'pod', 'web', '-o', 'jsonpath={.status.phase}'])) === 'Running', 'web running')
    const yaml = await ok(['get', 'pod', 'web', '-o', 'yaml', '--show-managed-fields'])
    expect(yaml).toMatch(/\n {4}manager: kubectl-run\n {4}operation: Update\n {4}time: "[^"]+"\n/)
    expect(yaml).toMatch(/\n {4}manager: kubelet\n {4}operation: Update\n {4}subresource: status\n {4}time: "[^"]+"\n/)
    expect(yaml).toContain('          k:{"type":"Ready"}:\n            .: {}\n            f:lastProbeTime: {}\n            f:lastTransitionTime: {}\n')
  })

  it('a pod naming a missing service account gets the apiserver 403', async () => {
    const r = await k.run(['run', 'x', '--image=nginx', '--overrides', '{"spec":{"serviceAccountName":"nope"}}'])
    expect(r.code).toBe(1)
    expect(r.stderr).toBe('Error from server (Forbidden): pods "x" is forbidden: error looking up service account default/nope: serviceaccount "nope" not found\n')
  })

  it('mirror pods of static pods get no account and no token volume', async () => {
    const names = (await ok(['get', 'pods', '-n', 'kube-system', '-o', 'name'])).split('\n').filter((n) => n.startsWith('pod/kube-apiserver-'))
    expect(names).toHaveLength(1)
    const spec = JSON.parse(await ok(['get', '-n', 'kube-system', names[0], '-o', 'jsonpath={.spec}']))
    expect(spec.serviceAccountName).toBeUndefined()
    expect(JSON.stringify(spec.volumes ?? [])).not.toContain('kube-api-access')
    // A controller's pod gets them: CoreDNS runs as its own account.
    const dns = JSON.parse(await ok(['get', 'pods', '-n', 'kube-system', '-l', 'k8s-app=kube-dns', '-o', 'json'])).items[0]
    expect(dns.spec.serviceAccountName).toBe('coredns')
    expect(dns.spec.volumes.some((v: { name: string }) => v.name.startsWith('kube-api-access-'))).toBe(true)
  })

  it('a Deployment read back shows its template metadata with creationTimestamp: null', async () => {
    await ok(['create', 'deployment', 'hello', '--image=nginx'])
    const yaml = await ok(['get', 'deploy', 'hello', '-o', 'yaml'])
    expect(yaml).toContain('  template:\n    metadata:\n      creationTimestamp: null\n      labels:\n        app: hello\n')
  })
})
