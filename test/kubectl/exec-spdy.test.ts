import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { consolePodYaml, nginxPodYaml } from './support/pods'
import { onTerminal } from './support/terminal'

const manifests = [nginxPodYaml, consolePodYaml].join('---')

/**
 * Exec and attach over SPDY, as kubectl before 1.30 always speaks them and
 * kubectl 1.32 does with KUBECTL_REMOTE_COMMAND_WEBSOCKETS=false (or when
 * its WebSocket upgrade is refused): a POST upgraded to SPDY/3.1 with the
 * v4.channel.k8s.io protocol, one SPDY stream per standard stream.
 */
describe.skipIf(!hasKubectl)('kubectl exec and attach over SPDY', () => {
  let k: KubectlHarness
  const running = async (name: string) =>
    (await k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)).status?.containerStatuses?.every((c) => c.state?.running)

  beforeAll(async () => {
    process.env.KUBECTL_REMOTE_COMMAND_WEBSOCKETS = 'false'
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    for (const name of ['web', 'box']) await waitFor(() => running(name), `${name} running`, 20_000)
  }, 60_000)
  afterAll(async () => {
    delete process.env.KUBECTL_REMOTE_COMMAND_WEBSOCKETS
    await k?.stop()
  })

  it('runs the command over a SPDY upgrade (a POST answered 101), stdout and stderr apart', async () => {
    const r = await k.run(['exec', 'web', '-v=6', '--', 'sh', '-c', 'hostname; echo oops >&2'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('web\n')
    expect(r.stderr).toMatch(/POST https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default\/pods\/web\/exec\?command=sh&command=-c&command=hostname%3B\+echo\+oops\+%3E%262&container=nginx&stderr=true&stdout=true 101 Switching Protocols/)
    expect(r.stderr).not.toMatch(/GET https:\/\/[^ ]+\/exec/)
    expect(r.stderr.split('\n').filter((l) => !/^I\d{4} /.test(l)).join('\n')).toBe('oops\n')
  })

  it('the exit code travels in the v4 error stream: kubectl exits with it', async () => {
    const r = await k.run(['exec', 'web', '--', 'sh', '-c', 'echo before; exit 3'])
    expect([r.code, r.stdout, r.stderr]).toEqual([3, 'before\n', 'command terminated with exit code 3\n'])
  })

  it('exec -i feeds stdin, ended by the client closing its stdin stream', async () => {
    const r = await k.run(['exec', '-i', 'web', '--', 'sh'], 'echo from stdin\nhostname\nexit 4\necho not reached\n')
    expect([r.code, r.stdout]).toEqual([4, 'from stdin\nweb\n'])
    const cat = await k.run(['exec', '-i', 'web', '--', 'cat'], 'one\ntwo\n')
    expect([cat.code, cat.stdout]).toEqual([0, 'one\ntwo\n'])
  })

  it('a program the container lacks: the kubelet\'s InternalError as it is (no stream translator wraps it again)', async () => {
    const r = await k.run(['exec', 'web', '--', 'nosuchprogram'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuchprogram": executable file not found in \$PATH: unknown\n$/
    )
  })

  it('exec -it on a terminal (stdin, stdout and resize streams; stderr joins stdout)', async () => {
    const r = await onTerminal(k.kubeconfig, ['exec', '-it', 'web', '--', 'sh'], [
      ['# ', 'echo hi\r'],
      ['# ', 'exit 6\r']
    ])
    expect(r.out).toBe('# echo hi\r\nhi\r\n# exit 6\r\ncommand terminated with exit code 6\r\n')
    expect(r.code).toBe(6)
  })

  it('attach -i reaches the container\'s console', async () => {
    const r = await k.run(['attach', '-i', 'box'], 'echo attached\nexit\n')
    expect([r.code, r.stdout]).toEqual([0, 'attached\n'])
  })

  it('bad requests are refused before the upgrade with the apiserver\'s Status', async () => {
    const r = await k.run(['exec', 'web', '-c', 'nope', '--', 'echo'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain('container nope is not valid for pod web')
  })
})
