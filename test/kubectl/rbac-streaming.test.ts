import { spawn } from 'node:child_process'
import { request } from 'node:http'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, kubectlPath, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { consolePodYaml, nginxPodYaml } from './support/pods'

const manifests = `${nginxPodYaml}---${consolePodYaml}---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: { name: pod-user }
rules:
- { apiGroups: [""], resources: [pods], verbs: [get, list] }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: { name: jane-pods }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: pod-user }
subjects:
- { apiGroup: rbac.authorization.k8s.io, kind: User, name: jane }
`

/**
 * RBAC on the upgraded requests, through real kubectl 1.32 acting as jane
 * (`--as`): exec, attach and port-forward try a WebSocket (a GET, verb
 * `get`) and fall back to SPDY (a POST, verb `create`), so a user who may
 * only read pods is refused both and kubectl prints the SPDY answer, and
 * one granted only `create` gets through on the fallback. The
 * pods/proxy and services/proxy subresources are authorized as any request.
 */
describe.skipIf(!hasKubectl)('kubectl exec, attach and port-forward under RBAC', () => {
  let k: KubectlHarness
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)
  const running = async (name: string) => (await pod(name)).status?.containerStatuses?.every((c) => c.state?.running)
  const forbidden = (verb: string, resource: string, name = 'web') =>
    `pods "${name}" is forbidden: User "jane" cannot ${verb} resource "${resource}" in API group "" in the namespace "default"`

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    for (const name of ['web', 'box']) await waitFor(() => running(name), `${name} running`, 20_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  /** Sets the verbs the pod-user Role grants on the three streaming subresources. */
  const grantStreaming = async (verbs: string[]): Promise<void> => {
    const rules = [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]
    if (verbs.length) rules.push({ apiGroups: [''], resources: ['pods/exec', 'pods/attach', 'pods/portforward'], verbs })
    const r = await k.run(['patch', 'role', 'pod-user', '--type=merge', '-p', JSON.stringify({ rules })])
    expect(r.code, r.stderr).toBe(0)
  }

  /** `kubectl port-forward` as the given user: the local port it forwarded (nginx answered through it), or its error once it exited. */
  const portForward = async (as: string[]): Promise<{ forwarding?: number; stderr: string }> => {
    const child = spawn(kubectlPath, ['--kubeconfig', k.kubeconfig, 'port-forward', '--address', '127.0.0.1', 'pod/web', ':80', ...as], { env: { ...process.env, KUBECONFIG: '' } })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    let closed = false
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve(void (closed = true))))
    try {
      const listening = await waitFor(() => /Forwarding from 127\.0\.0\.1:(\d+) -> 80/.exec(out) ?? (closed ? 'exited' : undefined), `port-forward listening or exited (${err})`, 15_000)
      if (listening === 'exited') return { stderr: err }
      const port = Number(listening[1])
      const status = await new Promise<number>((resolve, reject) => {
        request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
          .on('error', reject)
          .end()
      })
      expect(status).toBe(200)
      return { forwarding: port, stderr: err }
    } finally {
      child.kill('SIGTERM')
      await exited
    }
  }

  it('a user who may get pods but not create pods/exec: exec, attach and port-forward are Forbidden', async () => {
    expect((await k.run(['auth', 'can-i', 'get', 'pods', '--as=jane'])).stdout).toBe('yes\n')
    const exec = await k.run(['exec', 'web', '--as=jane', '--', 'ls'])
    expect([exec.code, exec.stderr]).toEqual([1, `Error from server (Forbidden): ${forbidden('create', 'pods/exec')}\n`])
    const attach = await k.run(['attach', 'box', '--as=jane'])
    expect([attach.code, attach.stderr]).toEqual([1, `If you don't see a command prompt, try pressing enter.\nError from server (Forbidden): ${forbidden('create', 'pods/attach', 'box')}\n`])
    const pf = await portForward(['--as=jane'])
    expect(pf.forwarding).toBeUndefined()
    expect(pf.stderr).toContain(forbidden('create', 'pods/portforward'))
  })

  it('the admin (system:masters) may exec, attach and port-forward; so may an impersonated member of system:masters', async () => {
    const exec = await k.run(['exec', 'web', '--', 'hostname'])
    expect([exec.code, exec.stdout, exec.stderr]).toEqual([0, 'web\n', ''])
    const masters = await k.run(['exec', 'web', '--as=root', '--as-group=system:masters', '--', 'hostname'])
    expect([masters.code, masters.stdout, masters.stderr]).toEqual([0, 'web\n', ''])
    const attach = await k.run(['attach', '-i', 'box'], 'echo attached\nexit\n')
    expect([attach.code, attach.stdout]).toEqual([0, 'attached\n'])
    expect((await portForward([])).forwarding).toBeGreaterThan(0)
  })

  it('once the Role grants create (and get) on the streaming subresources, jane may exec, attach and port-forward', async () => {
    await grantStreaming(['get', 'create'])
    const exec = await k.run(['exec', 'web', '--as=jane', '--', 'hostname'])
    expect([exec.code, exec.stdout, exec.stderr]).toEqual([0, 'web\n', ''])
    await waitFor(() => running('box'), 'box running again', 20_000)
    const attach = await k.run(['attach', '-i', 'box', '--as=jane'], 'echo jane\nexit\n')
    expect([attach.code, attach.stdout]).toEqual([0, 'jane\n'])
    expect((await portForward(['--as=jane'])).forwarding).toBeGreaterThan(0)
  })

  it('as in 1.32 (before the AuthorizePodWebsocketUpgradeCreatePermission gate of 1.35), get on pods/exec alone lets the WebSocket exec through', async () => {
    await grantStreaming(['get'])
    const exec = await k.run(['exec', 'web', '--as=jane', '--', 'hostname'])
    expect([exec.code, exec.stdout, exec.stderr]).toEqual([0, 'web\n', ''])
    await grantStreaming([])
  })

  it('create alone: the WebSocket upgrade (get) is Forbidden and kubectl falls back to SPDY (create), which goes through', async () => {
    await grantStreaming(['create'])
    const exec = await k.run(['exec', 'web', '--as=jane', '-v=6', '--', 'hostname'])
    expect([exec.code, exec.stdout]).toEqual([0, 'web\n'])
    expect(exec.stderr).toContain(`RemoteCommand fallback: unable to upgrade streaming request: ${forbidden('get', 'pods/exec')}`)
    expect(exec.stderr).toMatch(/POST https:\/\/[^ ]+\/pods\/web\/exec\?[^ ]+ 101 Switching Protocols/)
    await waitFor(() => running('box'), 'box running', 20_000)
    const attach = await k.run(['attach', '-i', 'box', '--as=jane'], 'echo fallback\nexit\n')
    expect([attach.code, attach.stdout]).toEqual([0, 'fallback\n'])
    expect((await portForward(['--as=jane'])).forwarding).toBeGreaterThan(0)
    await grantStreaming([])
  })

  it('pods/proxy and services/proxy are authorized as other requests', async () => {
    await grantStreaming(['create'])
    const pods = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/proxy/', '--as=jane'])
    expect([pods.code, pods.stderr]).toEqual([1, `Error from server (Forbidden): ${forbidden('get', 'pods/proxy')}\n`])
    const svc = await k.run(['get', '--raw', '/api/v1/namespaces/default/services/web/proxy/', '--as=jane'])
    expect([svc.code, svc.stderr]).toEqual([
      1,
      'Error from server (Forbidden): services "web" is forbidden: User "jane" cannot get resource "services/proxy" in API group "" in the namespace "default"\n'
    ])
    const admin = await k.run(['get', '--raw', '/api/v1/namespaces/default/pods/web/proxy/'])
    expect([admin.code, admin.stderr]).toEqual([0, ''])
    expect(admin.stdout).toContain('Welcome to nginx!')
  })
})
