import type { Pod } from 'kubernetes-types/core/v1'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { pythonClient, runPythonScript, warnIfNoPythonClient, type Step } from './support/python'

warnIfNoPythonClient('python stream tests')

/**
 * What a python3-kubernetes user does with running pods: exec through
 * kubernetes.stream (channel protocol v4 over WebSocket, both the preloaded
 * call and the run_forever loop that reads the exit code), logs, a list of
 * every namespace's pods, a bounded watch and a delete with V1DeleteOptions.
 * Each step prints one JSON line.
 */
const script = String.raw`
import json, sys, time
from kubernetes import client, config, watch
from kubernetes.stream import stream

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
def out(step, **kw):
    print(json.dumps(dict(step=step, **kw)), flush=True)

text = stream(core.connect_get_namespaced_pod_exec, 'py', 'default', command=['echo', 'hello'], stderr=True, stdin=False, stdout=True, tty=False, _request_timeout=20)
out('exec', text=text)

started = time.time()
resp = stream(core.connect_get_namespaced_pod_exec, 'py', 'default', command=['sh', '-c', 'echo out; echo err >&2; exit 3'],
              stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
resp.run_forever(timeout=20)
out('exec-exit', open=resp.is_open(), seconds=time.time() - started, stdout=resp.read_stdout(), stderr=resp.read_stderr(), code=resp.returncode)

out('log', text=core.read_namespaced_pod_log('py', 'default'))

pods = core.list_pod_for_all_namespaces()
out('list-all', names=sorted(p.metadata.namespace + '/' + p.metadata.name for p in pods.items), rv=bool(pods.metadata.resource_version))

w = watch.Watch()
seen = [ev['type'] + ' ' + ev['object'].metadata.name for ev in w.stream(core.list_namespaced_pod, 'default', timeout_seconds=1)]
out('watch', seen=seen)

gone = core.delete_namespaced_pod('py', 'default', body=client.V1DeleteOptions(grace_period_seconds=0, propagation_policy='Background'))
out('delete', kind=gone.kind)
`


describe.skipIf(!pythonClient)(`python3-kubernetes ${pythonClient ?? ''}: exec stream, logs, watch, delete`, () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
    const pods = k.cluster.client.resource<Pod>({ group: '', version: 'v1', resource: 'pods' })
    await waitFor(async () => (await k.cluster.client.resource({ group: '', version: 'v1', resource: 'serviceaccounts' }).list('default')).items.length > 0, 'the default ServiceAccount')
    await pods.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'py', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox:1.36', command: ['sh', '-c', 'echo started; sleep 3600'] }] }
    })
    await waitFor(async () => (await pods.get('default', 'py')).status?.containerStatuses?.every((c) => c.state?.running), 'pod py running')
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('execs (preloaded and run_forever with the exit code), reads logs, lists, watches and deletes', async () => {
    const { code, steps, stderr } = await runPythonScript(script, k.kubeconfig, 90_000)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const step = (name: string): Step => steps.find((s) => s.step === name) ?? expect.fail(`no step ${name}: ${JSON.stringify(steps)}`)
    expect(step('exec').text).toBe('hello\n')
    // The connection closes right after the exit status: run_forever returns long before its 20 s bound.
    const exit = step('exec-exit')
    expect(exit).toMatchObject({ open: false, stdout: 'out\n', stderr: 'err\n', code: 3 })
    expect(exit.seconds as number).toBeLessThan(10)
    expect(step('log').text).toBe('started\n')
    expect(step('list-all').names).toContain('default/py')
    expect(step('list-all').rv).toBe(true)
    expect(step('watch').seen).toContain('ADDED py')
    expect(step('delete').kind).toBe('Pod')
  })
})
