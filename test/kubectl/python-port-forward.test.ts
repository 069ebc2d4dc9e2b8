import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { pythonClient, runPythonScript, warnIfNoPythonClient, type Step } from './support/python'

warnIfNoPythonClient('python port-forward tests')

/**
 * kubernetes.stream.portforward, the channel WebSocket (`v4.channel.k8s.io`,
 * `?ports=`): an HTTP request to nginx, two ports on one connection (nginx
 * and redis), and a port nothing listens on (the error channel). The
 * connection closes when every port's connection is over. Each step
 * prints one JSON line.
 */
const script = String.raw`
import json, sys, time
started = time.time()
from kubernetes import client, config
from kubernetes.stream import portforward

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
def out(step, **kw):
    print(json.dumps(dict(step=step, seconds=time.time() - started, **kw)), flush=True)

def read_all(sock):
    data = b''
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data.decode()
        data += chunk

def read_until(sock, marker):
    # A port's end is not signalled on its channel: the socket closes only when every port of the connection is done.
    data = b''
    while marker not in data:
        chunk = sock.recv(65536)
        if not chunk:
            break
        data += chunk
    return data.decode()

pf = portforward(core.connect_get_namespaced_pod_portforward, 'web', 'default', ports='80')
s = pf.socket(80)
s.sendall(b'GET / HTTP/1.1\r\nHost: web\r\nConnection: close\r\n\r\n')
out('http', text=read_all(s), error=pf.error(80))

pf = portforward(core.connect_get_namespaced_pod_portforward, 'duo', 'default', ports='6379,80')
r = pf.socket(6379)
r.sendall(b'PING\r\n')
pong = r.recv(100).decode()
h = pf.socket(80)
h.sendall(b'GET /missing HTTP/1.1\r\nHost: duo\r\nConnection: close\r\n\r\n')
out('two-ports', pong=pong, http=read_until(h, b'</html>\n'))
pf.close()

pf = portforward(core.connect_get_namespaced_pod_portforward, 'web', 'default', ports='81')
s = pf.socket(81)
out('closed-port', text=read_all(s), error=pf.error(81))
`


describe.skipIf(!pythonClient)(`python3-kubernetes ${pythonClient ?? ''}: portforward over the channel WebSocket`, () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
    const pods = k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
    await pods.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } })
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'duo', namespace: 'default' },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'redis', image: 'redis:7.4' }] }
    })
    for (const name of ['web', 'duo']) await waitFor(async () => (await pods.get('default', name)).status?.containerStatuses?.every((c) => c.state?.running), `pod ${name} running`, 20_000)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('reaches nginx and redis through their ports, and reads the runtime error of a closed port', async () => {
    const { code, steps, stderr } = await runPythonScript(script, k.kubeconfig, 45_000)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const step = (name: string): Step => steps.find((s) => s.step === name) ?? expect.fail(`no step ${name}: ${JSON.stringify(steps)}`)
    expect(step('http').text).toMatch(/^HTTP\/1\.1 200 OK\r\n[\s\S]*<title>Welcome to nginx!<\/title>/)
    expect(step('http').error).toBeNull()
    expect(step('two-ports').pong).toBe('+PONG\r\n')
    expect(step('two-ports').http).toMatch(/^HTTP\/1\.1 404 Not Found\r\n/)
    expect(step('closed-port').text).toBe('')
    // The connection closes right after the error: the client is not left waiting for ws's 30 s close timeout.
    expect((step('closed-port').seconds as number) - (step('two-ports').seconds as number)).toBeLessThan(10)
    expect(step('closed-port').error).toMatch(/^error forwarding port 81 to pod [0-9a-f]{64}, uid : failed to execute portforward in network namespace "\/var\/run\/netns\/cni-[0-9a-f-]{36}": failed to connect to localhost:81 inside namespace "[0-9a-f]{64}", IPv4: dial tcp4 127\.0\.0\.1:81: connect: connection refused /)
  }, 60_000)
})
