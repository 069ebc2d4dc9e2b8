import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** kubernetes.io "Communicate Between Containers in the Same Pod Using a Shared Volume", and a pod with a ConfigMap volume. */
const manifests = `
apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  restartPolicy: Never
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html"]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: site }
data: { greeting: hello }
---
apiVersion: v1
kind: Pod
metadata: { name: writer }
spec:
  volumes:
  - { name: site, configMap: { name: site } }
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'echo started > /tmp/state; sleep 3600']
    volumeMounts: [{ name: site, mountPath: /etc/site }]
`

/** Real kubectl 1.32: files written in containers, where a node keeps them. */
describe.skipIf(!hasKubectl)('files containers write', () => {
  let k: KubectlHarness
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    await waitFor(async () => (await pod('two-containers')).status?.containerStatuses?.find((c) => c.name === 'debian-container')?.state?.terminated, 'the debian container done', 20_000)
    await waitFor(async () => (await pod('writer')).status?.containerStatuses?.[0]?.state?.running, 'writer running', 20_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it("what one container writes to an emptyDir the other reads, and nginx serves it (the shared-volume task)", async () => {
    const r = await k.run(['exec', 'two-containers', '-c', 'nginx-container', '--', 'cat', '/usr/share/nginx/html/index.html'])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('Hello from the debian container\n')
    const served = await k.run(['exec', 'two-containers', '-c', 'nginx-container', '--', 'curl', '-s', 'localhost'])
    expect(served.stdout).toBe('Hello from the debian container\n')
    const missing = await k.run(['exec', 'two-containers', '-c', 'nginx-container', '--', 'curl', '-s', 'localhost/nope.html'])
    expect(missing.stdout).toContain('<title>404 Not Found</title>')
    const logs = await k.run(['logs', 'two-containers', '-c', 'nginx-container'])
    expect(logs.stdout).toMatch(/\[error\] \d+#\d+: \*\d+ open\(\) "\/usr\/share\/nginx\/html\/nope.html" failed \(2: No such file or directory\)/)
  })

  it("nginx's document root holds the image's welcome page until a page is written over it", async () => {
    const applied = await k.run(['run', 'web', '--image=nginx:1.27'])
    expect(applied.code, applied.stderr).toBe(0)
    await waitFor(async () => (await pod('web')).status?.containerStatuses?.[0]?.state?.running, 'web running', 20_000)
    expect((await k.run(['exec', 'web', '--', 'ls', '/usr/share/nginx/html'])).stdout).toBe('50x.html\nindex.html\n')
    const welcome = await k.run(['exec', 'web', '--', 'curl', '-sI', 'localhost'])
    expect(welcome.stdout).toContain('Content-Length: 615')
    await k.run(['exec', 'web', '--', 'sh', '-c', 'echo "<h1>my page</h1>" > /usr/share/nginx/html/index.html'])
    expect((await k.run(['exec', 'web', '--', 'curl', '-s', 'localhost'])).stdout).toBe('<h1>my page</h1>\n')
    // The static module takes GET and HEAD only.
    expect((await k.run(['exec', 'web', '--', 'curl', '-s', '-d', 'x=1', 'localhost'])).stdout).toContain('<title>405 Not Allowed</title>')
  })

  it("the container's main process and exec share its writable layer; shell redirection, touch, mkdir, cp, mv, rm and tee work", async () => {
    expect((await k.run(['exec', 'writer', '--', 'cat', '/tmp/state'])).stdout).toBe('started\n')
    const script = 'echo one >> /tmp/log; echo two >> /tmp/log; mkdir -p /work/a/b; touch /work/a/b/empty; cp /tmp/log /work/; mv /work/log /work/log.old; echo three | tee -a /tmp/log >/dev/null; rm /tmp/state; ls /work /work/a/b; cat /tmp/log /work/log.old'
    const r = await k.run(['exec', 'writer', '--', 'sh', '-c', script])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toBe('/work:\na\nlog.old\n\n/work/a/b:\nempty\none\ntwo\nthree\none\ntwo\n')
    const gone = await k.run(['exec', 'writer', '--', 'cat', '/tmp/state'])
    expect(gone.code).toBe(1)
    expect(gone.stderr).toContain("cat: can't open '/tmp/state': No such file or directory")
  })

  it('kubectl cp copies files and directories into a container and back (tar in the container)', async () => {
    const local = mkdtempSync(join(tmpdir(), 'kubelab-cp-'))
    try {
      mkdirSync(join(local, 'site', 'css'), { recursive: true })
      writeFileSync(join(local, 'site', 'index.html'), '<h1>copied</h1>\n')
      writeFileSync(join(local, 'site', 'css', 'main.css'), 'h1 { color: teal }\n')
      const up = await k.run(['cp', join(local, 'site'), 'writer:/tmp/site'])
      expect(up.code, up.stderr).toBe(0)
      expect((await k.run(['exec', 'writer', '--', 'ls', '/tmp/site', '/tmp/site/css'])).stdout).toBe('/tmp/site:\ncss\nindex.html\n\n/tmp/site/css:\nmain.css\n')
      expect((await k.run(['exec', 'writer', '--', 'cat', '/tmp/site/css/main.css'])).stdout).toBe('h1 { color: teal }\n')
      const down = await k.run(['cp', 'writer:/tmp/site/index.html', join(local, 'back.html')])
      expect(down.code, down.stderr).toBe(0)
      expect(readFileSync(join(local, 'back.html'), 'utf8')).toBe('<h1>copied</h1>\n')
      const ro = await k.run(['cp', join(local, 'back.html'), 'writer:/etc/site/page.html'])
      expect(ro.stderr).toContain("tar: can't open 'page.html': Read-only file system")
      const nowhere = await k.run(['cp', join(local, 'back.html'), 'writer:/nope/page.html'])
      expect(nowhere.stderr).toContain("tar: can't change directory to '/nope': No such file or directory")
    } finally {
      rmSync(local, { recursive: true, force: true })
    }
  })

  it('a ConfigMap volume is read-only, and a missing directory is reported as busybox does', async () => {
    const ro = await k.run(['exec', 'writer', '--', 'sh', '-c', 'echo x > /etc/site/greeting'])
    expect(ro.code).toBe(1)
    expect(ro.stderr).toContain("sh: can't create /etc/site/greeting: Read-only file system")
    const rm = await k.run(['exec', 'writer', '--', 'rm', '/etc/site/greeting'])
    expect(rm.stderr).toContain("rm: can't remove '/etc/site/greeting': Read-only file system")
    const missing = await k.run(['exec', 'writer', '--', 'sh', '-c', 'echo x > /nope/file'])
    expect(missing.stderr).toContain("sh: can't create /nope/file: nonexistent directory")
    expect((await k.run(['exec', 'writer', '--', 'cat', '/etc/site/greeting'])).stdout).toBe('hello')
  })
})
