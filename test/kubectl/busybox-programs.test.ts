import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const manifests = `
apiVersion: v1
kind: Pod
metadata: { name: box }
spec:
  securityContext: { runAsUser: 65534 }
  containers:
  - { name: c, image: busybox:1.36, command: [sleep, "3600"] }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: php-apache }
spec:
  selector: { matchLabels: { run: php-apache } }
  template:
    metadata: { labels: { run: php-apache } }
    spec:
      containers:
      - { name: php-apache, image: registry.k8s.io/hpa-example, ports: [{ containerPort: 80 }], resources: { requests: { cpu: 200m } } }
---
apiVersion: v1
kind: Service
metadata: { name: php-apache }
spec:
  selector: { run: php-apache }
  ports: [{ port: 80 }]
`

/** Real kubectl 1.32 running busybox's applets and shell syntax in simulated containers. */
describe.skipIf(!hasKubectl)('busybox programs through kubectl exec and kubectl run', () => {
  let k: KubectlHarness
  const pod = (name: string) => k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' }).get('default', name)

  beforeAll(async () => {
    k = await startKubectlHarness()
    const applied = await k.run(['apply', '-f', '-'], manifests)
    expect(applied.code, applied.stderr).toBe(0)
    await waitFor(async () => (await pod('box')).status?.containerStatuses?.[0]?.state?.running !== undefined, 'box running', 20_000)
    await waitFor(async () => /1\/1/.test((await k.run(['get', 'deploy', 'php-apache'])).stdout), 'php-apache available', 30_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  const exec = (script: string, stdin?: string) => k.run(['exec', ...(stdin === undefined ? [] : ['-i']), 'box', '--', 'sh', '-c', script], stdin)

  it('for loops over seq, piped through sort, uniq and awk', async () => {
    const r = await exec('for i in $(seq 1 5); do echo $((i % 2)); done | sort | uniq -c | awk \'{print $2 "=" $1}\'')
    expect(r).toEqual({ code: 0, stdout: '0=2\n1=3\n', stderr: '' })
  })

  it('read lines from stdin (kubectl exec -i) and edit them with sed, cut and tr', async () => {
    const r = await exec('while read name value; do echo "$name:$value"; done | sed -n "s/^b/B/p" | cut -d: -f2 | tr a-z A-Z', 'a 1\nb two\nc 3\n')
    expect(r).toEqual({ code: 0, stdout: 'TWO\n', stderr: '' })
  })

  it("id, whoami and ps follow the pod's runAsUser and its command", async () => {
    expect((await k.run(['exec', 'box', '--', 'id'])).stdout).toBe('uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n')
    expect((await k.run(['exec', 'box', '--', 'whoami'])).stdout).toBe('nobody\n')
    const ps = await k.run(['exec', 'box', '--', 'ps'])
    expect(ps.stdout.split('\n').slice(0, 2)).toEqual(['PID   USER     TIME  COMMAND', '    1 nobody    0:00 sleep 3600'])
  })

  it('a missing file and a syntax error fail as busybox fails', async () => {
    const sorted = await k.run(['exec', 'box', '--', 'sort', '/nope'])
    expect(sorted.code).toBe(1)
    expect(sorted.stderr).toContain("sort: can't open '/nope': No such file or directory")
    const loop = await exec('for i in 1 2; echo $i; done')
    expect(loop.code).toBe(2)
    expect(loop.stderr).toContain('sh: syntax error: unexpected "echo" (expecting "do")')
  })

  it('kubectl run --rm -i: a one-off pod runs a script with case and printf, then is deleted', async () => {
    const script = 'for w in apple 42 x; do case $w in [0-9]*) printf "%s is a number\\n" $w;; ?) echo "$w is short";; *) echo "$w is a word";; esac; done; uname -r'
    const r = await k.run(['run', 'oneoff', '--rm', '-i', '--restart=Never', '--image=busybox:1.36', '--', 'sh', '-c', script])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain('apple is a word\n42 is a number\nx is short\n6.8.0-51-generic\n')
    await waitFor(async () => (await k.run(['get', 'pod', 'oneoff'])).code !== 0, 'oneoff deleted', 20_000)
  }, 60_000)

  it("runs the HPA walkthrough's load generator: a bounded copy sends its requests, and the endless one keeps running while the cluster answers kubectl", async () => {
    const bounded = await exec('i=0; while sleep 0.01 && [ $i -lt 3 ]; do wget -q -O- http://php-apache && echo sent; i=$((i+1)); done')
    expect(bounded).toEqual({ code: 0, stdout: 'OK!sent\nOK!sent\nOK!sent\n', stderr: '' })
    const started = await k.run(['run', 'load-generator', '--restart=Never', '--image=busybox:1.28', '--', '/bin/sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'])
    expect(started.code, started.stderr).toBe(0)
    const phase = async () => (await k.run(['get', 'pod', 'load-generator', '-o', 'jsonpath={.status.phase}'])).stdout
    await waitFor(async () => (await phase()) === 'Running', 'load-generator running', 30_000)
    // Its loop runs on the cluster clock and yields: the cluster goes on answering, and the loop goes on.
    const since = k.cluster.clock.now()
    await waitFor(async () => k.cluster.clock.now() - since > 2000 || (await k.run(['get', 'pods'])).code !== 0, 'cluster time passing', 30_000)
    expect(await phase()).toBe('Running')
    expect((await k.run(['delete', 'pod', 'load-generator', '--wait=false'])).code).toBe(0)
  }, 60_000)
})
