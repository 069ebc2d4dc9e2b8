import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/*
 * Configuration as files: a pod whose ConfigMap volume names a ConfigMap not
 * yet created stays ContainerCreating with FailedMount events; once it
 * exists the pod runs, `kubectl exec -- cat` reads its keys as files, and an
 * update to the ConfigMap shows in the volume (unlike environment variables).
 */
describe.skipIf(!hasKubectl)('ConfigMap and Secret volumes', () => {
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
    'metadata: {name: reader}',
    'spec:',
    '  containers:',
    '  - name: app',
    '    image: busybox',
    "    command: ['sh', '-c', 'sleep 3600']",
    '    volumeMounts:',
    '    - {name: config, mountPath: /etc/game}',
    '    - {name: creds, mountPath: /etc/creds, readOnly: true}',
    '  volumes:',
    '  - {name: config, configMap: {name: game-config}}',
    '  - {name: creds, secret: {secretName: game-creds, optional: true}}',
    ''
  ].join('\n')

  it('waits in ContainerCreating with FailedMount while the ConfigMap is missing', async () => {
    const created = await k.run(['apply', '-f', '-'], pod)
    expect(created.code, created.stderr).toBe(0)
    const described = await waitFor(async () => {
      const r = await k.run(['describe', 'pod', 'reader'])
      return r.stdout.includes('FailedMount') ? r.stdout : undefined
    }, 'a FailedMount event', 20_000)
    expect(described).toMatch(/Warning\s+FailedMount\s+.*kubelet\s+MountVolume\.SetUp failed for volume "config" : configmap "game-config" not found/)
    const row = (await k.run(['get', 'pod', 'reader', '--no-headers'])).stdout
    expect(row).toMatch(/^reader\s+0\/1\s+ContainerCreating\s+0\s+/)
  })

  it('runs once the ConfigMap exists; its keys are files, and an update shows in them', async () => {
    expect((await k.run(['create', 'configmap', 'game-config', '--from-literal=lives=3', '--from-literal=level=easy'])).code).toBe(0)
    // The volume manager retries with a back-off of up to 2m2s.
    await k.cluster.clock.sleep(125_000)
    await waitFor(async () => (await k.run(['get', 'pod', 'reader', '-o', 'jsonpath={.status.phase}'])).stdout === 'Running', 'Running', 20_000)
    expect((await k.run(['exec', 'reader', '--', 'ls', '/etc/game'])).stdout).toBe('level\nlives\n')
    expect((await k.run(['exec', 'reader', '--', 'cat', '/etc/game/lives'])).stdout).toBe('3')
    expect((await k.run(['exec', 'reader', '--', 'ls', '/etc/creds'])).stdout).toBe('')
    expect((await k.run(['exec', 'reader', '--', 'cat', '/var/run/secrets/kubernetes.io/serviceaccount/namespace'])).stdout).toBe('default')
    const missing = await k.run(['exec', 'reader', '--', 'cat', '/etc/game/nope'])
    expect(missing.stderr).toContain("cat: can't open '/etc/game/nope': No such file or directory")
    const updated = await k.run(['patch', 'configmap', 'game-config', '-p', '{"data":{"lives":"5"}}'])
    expect(updated.code, updated.stderr).toBe(0)
    expect((await k.run(['exec', 'reader', '--', 'cat', '/etc/game/lives'])).stdout).toBe('5')
    expect((await k.run(['exec', 'reader', '--', 'sh', '-c', 'test -f /etc/game/level && echo yes'])).stdout).toBe('yes\n')
  })
})
