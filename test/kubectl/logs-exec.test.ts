import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, kubectlPath, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { onTerminal as terminal } from './support/terminal'

const manifests = `
apiVersion: v1
kind: Pod
metadata: { name: web }
spec:
  containers:
  - { name: nginx, image: "nginx:1.27", ports: [{ containerPort: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: two }
spec:
  containers:
  - name: a
    image: busybox:1.36
    command: [sh, -c, 'echo "hello from $HOSTNAME"; echo second line; echo oops >&2; sleep 3600']
    env: [{ name: GREETING, value: hi }]
  - { name: b, image: "redis:7.4" }
---
apiVersion: v1
kind: Pod
metadata:
  name: crash
  annotations: { sim.kubelab.dev/crash-after: "30" }
spec:
  containers:
  - { name: app, image: busybox:1.36, args: [sh, -c, 'echo booting; sleep 3600'] }
---
apiVersion: v1
kind: Pod
metadata: { name: ticker }
spec:
  containers:
  - { name: tick, image: busybox:1.36, args: [sh, -c, 'while true; do echo tick; sleep 1; done'] }
---
apiVersion: v1
kind: Pod
metadata: { name: neverpull }
spec:
  containers:
  - { name: c, image: "example.com/not-on-the-node:1", imagePullPolicy: Never }
`

/** Real kubectl 1.32: logs and exec against the simulated kubelets. */
describe.skipIf(!hasKubectl)('kubectl logs and exec', () => {
  let k: KubectlHarness
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)
  const running = async (name: string) => (await pod(name)).status?.containerStatuses?.every((c) => c.state?.running)

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    for (const name of ['web', 'two', 'ticker']) await waitFor(() => running(name), `${name} running`, 20_000)
    await waitFor(async () => (await pod('neverpull')).status?.containerStatuses?.[0]?.state?.waiting?.reason === 'ErrImageNeverPull', 'neverpull waiting', 20_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('prints the start-up output of the image (nginx: entrypoint on stdout, notices on stderr)', async () => {
    const r = await k.run(['logs', 'web'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('/docker-entrypoint.sh: Configuration complete; ready for start up\n')
    expect(r.stdout).toMatch(/^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d \[notice\] 1#1: nginx\/1\.27\.\d+$/m)
  })

  it('runs a container command: echo output (with its environment) lands in the log, -c picks the container', async () => {
    const a = await k.run(['logs', 'two', '-c', 'a'])
    expect(a.stdout).toBe('hello from two\nsecond line\noops\n')
    const b = await k.run(['logs', 'two', '-c', 'b'])
    expect(b.stdout).toMatch(/^1:M .* \* Ready to accept connections tcp$/m)
  })

  it('--tail and --timestamps', async () => {
    expect((await k.run(['logs', 'two', '-c', 'a', '--tail=1'])).stdout).toBe('oops\n')
    const t = await k.run(['logs', 'two', '-c', 'a', '--timestamps'])
    expect(t.stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z hello from two$/m)
  })

  it('--previous shows the crashed instance; without a previous instance it is the kubelet error', async () => {
    await waitFor(async () => ((await pod('crash')).status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1, 'crash restarted', 20_000)
    const prev = await k.run(['logs', 'crash', '--previous'])
    expect(prev.code, prev.stderr).toBe(0)
    expect(prev.stdout).toBe('booting\n')
    const none = await k.run(['logs', 'web', '--previous'])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe('Error from server (BadRequest): previous terminated container "nginx" in pod "web" not found\n')
  })

  it('errors: an unknown container, a container waiting to start', async () => {
    const bad = await k.run(['logs', 'two', '-c', 'nope'])
    expect(bad.code).toBe(1)
    // kubectl checks the name itself before asking (the API answers the same words: see the integration test).
    expect(bad.stderr).toBe('error: container nope is not valid for pod two\n')
    const waiting = await k.run(['logs', 'neverpull'])
    expect(waiting.code).toBe(1)
    expect(waiting.stderr).toBe('Error from server (BadRequest): container "c" in pod "neverpull" is waiting to start: ErrImageNeverPull\n')
  })

  it('logs -f streams what the container writes next, until kubectl is stopped', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'kubelab-logs-f-'))
    const child = spawn(kubectlPath, ['--kubeconfig', k.kubeconfig, '--cache-dir', cache, 'logs', '-f', 'ticker'], { env: { ...process.env, KUBECONFIG: '' } })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
    try {
      await waitFor(() => out.includes('tick\n'), 'the first tick', 15_000)
      const p = await pod('ticker')
      k.cluster.world.logs.write({ namespace: 'default', pod: 'ticker', uid: p.metadata!.uid!, container: 'tick' }, 'written while following')
      await waitFor(() => out.includes('written while following\n'), 'the line written after -f began', 15_000)
    } finally {
      child.kill('SIGTERM')
      await exited
      rmSync(cache, { recursive: true, force: true })
    }
  })

  it('exec runs programs: echo, hostname, env', async () => {
    const echo = await k.run(['exec', 'two', '-c', 'a', '--', 'echo', 'hello', 'world'])
    expect(echo.code, echo.stderr).toBe(0)
    expect(echo.stdout).toBe('hello world\n')
    expect((await k.run(['exec', 'web', '--', 'hostname'])).stdout).toBe('web\n')
    const env = await k.run(['exec', 'two', '-c', 'a', '--', 'env'])
    expect(env.stdout).toContain('GREETING=hi\n')
    expect(env.stdout).toContain('HOSTNAME=two\n')
    expect(env.stdout).toContain('KUBERNETES_SERVICE_HOST=10.96.0.1\n')
  })

  it('exec propagates the exit code: sh -c "exit 3" makes kubectl exit 3', async () => {
    const r = await k.run(['exec', 'web', '--', 'sh', '-c', 'echo before; exit 3'])
    expect(r.stdout).toBe('before\n')
    expect(r.stderr).toBe('command terminated with exit code 3\n')
    expect(r.code).toBe(3)
  })

  it('exec -i feeds stdin to the shell', async () => {
    const r = await k.run(['exec', '-i', 'web', '--', 'sh'], 'echo from stdin\nhostname\nexit 4\necho not reached\n')
    expect(r.stdout).toBe('from stdin\nweb\n')
    expect(r.code).toBe(4)
  })

  const onTerminal = (args: string[], steps: [string, string][]) => terminal(k.kubeconfig, args, steps)

  it('exec -it: kubectl on a terminal gets a prompt that echoes what is typed', async () => {
    const r = await onTerminal(['exec', '-it', 'two', '-c', 'a', '--', 'sh'], [
      ['/ # ', 'echo hi\r'],
      ['/ # ', 'exit 6\r']
    ])
    expect(r.out).toBe('/ # echo hi\r\nhi\r\n/ # exit 6\r\ncommand terminated with exit code 6\r\n')
    expect(r.code).toBe(6)
  })

  it('exec of a program the container lacks: containerd\'s error; in sh: not found, 127', async () => {
    const r = await k.run(['exec', 'web', '--', 'nosuch', 'arg'])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: exec: "nosuch": executable file not found in \$PATH: unknown\n$/
    )
    const sh = await k.run(['exec', 'web', '--', 'sh', '-c', 'nosuch'])
    expect(sh.stderr).toBe('sh: nosuch: not found\ncommand terminated with exit code 127\n')
    expect(sh.code).toBe(127)
  })

  it('exec of a missing program as kubectl 1.32 shows it from a 1.32 cluster: the stream translator wraps the kubelet\'s InternalError once more; exit 1', async () => {
    // kube-apiserver's stream translator gets the kubelet's Status message back as a plain error and sends NewInternalError of it.
    const prefix = 'error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "[0-9a-f]{64}": OCI runtime exec failed: exec failed: unable to start container process: '
    const bare = await k.run(['exec', 'web', '--', 'nosuchprogram'])
    expect(bare.stdout).toBe('')
    expect(bare.stderr).toMatch(new RegExp(`^${prefix}exec: "nosuchprogram": executable file not found in \\$PATH: unknown\n$`))
    expect(bare.code).toBe(1)
    // A path is not searched in $PATH: runc reports the failed stat.
    const path = await k.run(['exec', 'web', '--', '/usr/local/bin/nosuchprogram', '-v'])
    expect(path.stderr).toMatch(new RegExp(`^${prefix}exec: "/usr/local/bin/nosuchprogram": stat /usr/local/bin/nosuchprogram: no such file or directory: unknown\n$`))
    expect(path.code).toBe(1)
    // With stdin attached the outcome is the same.
    const withStdin = await k.run(['exec', '-i', 'web', '--', 'nosuchprogram'], '')
    expect(withStdin.stderr).toMatch(/executable file not found in \$PATH: unknown\n$/)
    expect(withStdin.code).toBe(1)
  })

  it('exec errors: an unknown container (BadRequest), a container that does not run', async () => {
    const bad = await k.run(['exec', 'web', '-c', 'nope', '--', 'echo'])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('container nope is not valid for pod web')
    const waiting = await k.run(['exec', 'neverpull', '--', 'echo'])
    expect(waiting.code).toBe(1)
    expect(waiting.stderr).toBe('error: Internal error occurred: unable to upgrade connection: container not found ("c")\n')
  })
})
