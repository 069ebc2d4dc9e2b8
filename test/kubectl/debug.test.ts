import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * Real kubectl 1.32's `kubectl debug`: a node debugger pod (created from a
 * protobuf body) runs on the node in its host network, and debugging a pod
 * with an ephemeral container gets kubectl's own answer for a cluster that
 * does not serve pods/ephemeralcontainers (before, an empty 404's missing
 * details made kubectl panic).
 */
describe.skipIf(!hasKubectl)('kubectl debug', () => {
  let k: KubectlHarness
  const pods = () => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })

  beforeAll(async () => {
    k = await startKubectlHarness()
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('debug node/<name> runs a host-network pod on that node, whose hostname is the node', async () => {
    const r = await k.run(['debug', 'node/kubelab-worker', '--image=busybox:1.36', '--', 'hostname'])
    expect(r.code, r.stderr).toBe(0)
    const name = /Creating debugging pod (\S+) with container debugger on node kubelab-worker\./.exec(r.stdout + r.stderr)?.[1]
    expect(name).toMatch(/^node-debugger-kubelab-worker-[a-z0-9]{5}$/)
    const pod = await pods().get('default', name!)
    expect(pod.spec).toMatchObject({ nodeName: 'kubelab-worker', hostNetwork: true, hostPID: true, hostIPC: true })
    expect(pod.spec?.volumes?.[0]).toMatchObject({ name: 'host-root', hostPath: { path: '/' } })
    await waitFor(async () => (await pods().get('default', name!)).status?.phase === 'Succeeded', 'debugger pod done', 20_000)
    const logs = await k.run(['logs', name!])
    expect(logs.stdout).toBe('kubelab-worker\n')
  })

  it('debug <pod> with an ephemeral container says the cluster does not serve them, without a panic', async () => {
    const applied = await k.run(['run', 'web', '--image=nginx:1.27'])
    expect(applied.code, applied.stderr).toBe(0)
    const r = await k.run(['debug', 'web', '--image=busybox:1.36', '--target=web', '--', 'true'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('error: ephemeral containers are disabled for this cluster (error from server: "the server could not find the requested resource")')
    expect(r.stderr).not.toContain('panic')
  })
})
