import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { onTerminal } from './support/terminal'

/**
 * Real kubectl 1.32's `kubectl debug`: a node debugger pod (created from a
 * protobuf body) runs on the node in its host network, and debugging a pod
 * adds an ephemeral container (GET the pod, then a strategic merge patch of
 * pods/<name>/ephemeralcontainers).
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

  it('debug <pod> adds an ephemeral container through pods/ephemeralcontainers; a second debug adds another', async () => {
    const applied = await k.run(['run', 'web', '--image=nginx:1.27'])
    expect(applied.code, applied.stderr).toBe(0)
    const r = await k.run(['debug', 'web', '--image=busybox:1.36', '--target=web', '--', 'sh', '-c', 'wget -qO- localhost'])
    expect(r.code, r.stderr).toBe(0)
    const name = await k.run(['get', 'pod', 'web', '-o', 'jsonpath={.spec.ephemeralContainers[0].name}'])
    expect(name.stdout).toMatch(/^debugger-[a-z0-9]{5}$/)
    const pod = await pods().get('default', 'web')
    expect(pod.spec?.ephemeralContainers?.[0]).toMatchObject({ image: 'busybox:1.36', targetContainerName: 'web', command: ['sh', '-c', 'wget -qO- localhost'] })
    // The kubelet pulls, creates and starts it; its process shares the pod's network (localhost is nginx), ends, and is never restarted.
    await waitFor(async () => !!(await pods().get('default', 'web')).status?.ephemeralContainerStatuses?.[0]?.state?.terminated, 'debugger exited', 20_000)
    const status = (await pods().get('default', 'web')).status!.ephemeralContainerStatuses![0]
    expect(status).toMatchObject({ name: name.stdout, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } })
    const logs = await k.run(['logs', 'web', '-c', name.stdout])
    expect(logs.stdout).toContain('<title>Welcome to nginx!</title>')
    const events = await k.run(['get', 'events', '--field-selector', `involvedObject.fieldPath=spec.ephemeralContainers{${name.stdout}}`, '-o', 'jsonpath={.items[*].reason}'])
    expect(events.stdout.split(' ')).toEqual(expect.arrayContaining(['Pulling', 'Pulled', 'Created', 'Started']))
    const described = await k.run(['describe', 'pod', 'web'])
    expect(described.stdout).toMatch(new RegExp(`Ephemeral Containers:\\n  ${name.stdout}:`))
    const second = await k.run(['debug', 'web', '--image=busybox:1.36', '--', 'true'])
    expect(second.code, second.stderr).toBe(0)
    expect((await pods().get('default', 'web')).spec?.ephemeralContainers).toHaveLength(2)
  })

  it('debug -it on a terminal attaches to the debugger shell, which reaches the target over localhost', async () => {
    expect((await k.run(['run', 'shop', '--image=nginx:1.27'])).code).toBe(0)
    const r = await onTerminal(k.kubeconfig, ['debug', 'shop', '-it', '--image=busybox:1.36', '--target=shop', '--', 'sh'], [
      ['try pressing enter.', '\r'],
      ['/ # ', 'wget -qO- localhost\r'],
      ['</html>\r\n/ # ', 'exit\r']
    ])
    expect(r.out).toContain('Targeting container "shop".')
    expect(r.out).toContain('<title>Welcome to nginx!</title>')
    expect(r.out).toMatch(/Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach shop -c debugger-[a-z0-9]{5} -i -t' if it is still running/)
    expect(r.code).toBe(0)
    await waitFor(async () => !!(await pods().get('default', 'shop')).status?.ephemeralContainerStatuses?.[0]?.state?.terminated, 'the debugger shell exited', 20_000)
  })
})
