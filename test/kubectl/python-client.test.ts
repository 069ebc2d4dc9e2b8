import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { pythonClient, runPythonScript, warnIfNoPythonClient, type Step } from './support/python'

warnIfNoPythonClient('python client tests')

/**
 * The script the client runs: each step prints one JSON line, so the test
 * can say which step went wrong. The watch runs in a thread from the
 * resourceVersion of a list, sees the deployment's ADDED, MODIFIED and
 * DELETED events, and stops after DELETED (timeout_seconds bounds it on the
 * server's clock).
 */
const script = String.raw`
import json, sys, threading
from kubernetes import client, config, watch

config.load_kube_config(config_file=sys.argv[1])
core = client.CoreV1Api()
apps = client.AppsV1Api()
ns = 'default'
def out(step, **kw):
    print(json.dumps(dict(step=step, **kw)), flush=True)

pods = core.list_namespaced_pod(ns)
out('list-pods', names=sorted(p.metadata.name for p in pods.items))

listed = apps.list_namespaced_deployment(ns)
events = []
started = threading.Event()
def run_watch():
    w = watch.Watch()
    started.set()
    for ev in w.stream(apps.list_namespaced_deployment, ns, resource_version=listed.metadata.resource_version, timeout_seconds=60, _request_timeout=60):
        events.append([ev['type'], ev['object'].metadata.name, ev['object'].spec.replicas])
        if ev['type'] == 'DELETED':
            w.stop()
watcher = threading.Thread(target=run_watch)
watcher.start()
started.wait()

body = client.V1Deployment(
    metadata=client.V1ObjectMeta(name='py-web', labels={'app': 'py-web'}),
    spec=client.V1DeploymentSpec(
        replicas=1,
        selector=client.V1LabelSelector(match_labels={'app': 'py-web'}),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels={'app': 'py-web'}),
            spec=client.V1PodSpec(containers=[client.V1Container(name='web', image='nginx:1.27')]))))
created = apps.create_namespaced_deployment(ns, body)
out('create', name=created.metadata.name, replicas=created.spec.replicas, uid=bool(created.metadata.uid))

patched = apps.patch_namespaced_deployment('py-web', ns, {'spec': {'template': {'spec': {'containers': [{'name': 'web', 'image': 'nginx:1.28'}]}}}})
out('patch', images=[c.image for c in patched.spec.template.spec.containers], generation=patched.metadata.generation,
    managers=[[m.manager, m.operation] for m in patched.metadata.managed_fields])

scale = apps.patch_namespaced_deployment_scale('py-web', ns, {'spec': {'replicas': 3}})
out('scale', kind=scale.kind, replicas=scale.spec.replicas, stored=apps.read_namespaced_deployment('py-web', ns).spec.replicas)

try:
    apps.read_namespaced_deployment('nope', ns)
except client.exceptions.ApiException as e:
    out('not-found', status=e.status, message=json.loads(e.body)['message'])

deleted = apps.delete_namespaced_deployment('py-web', ns)
out('delete', kind=deleted.kind, status=deleted.status)
watcher.join(120)
out('watch', alive=watcher.is_alive(), events=events)
`


/** Debian's python3-kubernetes against a headless Kubelab with no controllers. */
describe.skipIf(!pythonClient)(`python3-kubernetes ${pythonClient ?? ''} against Kubelab`, () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
    await k.cluster.client.resource({ group: '', version: 'v1', resource: 'pods' }).create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'seed', namespace: 'default' },
      spec: { containers: [{ name: 'c', image: 'busybox' }] }
    })
  })
  afterAll(async () => {
    await k?.stop()
  })

  it('lists, creates, patches (strategic merge), scales, watches and deletes', async () => {
    const { code, steps, stderr } = await runPythonScript(script, k.kubeconfig, 90_000)
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const step = (name: string): Step => steps.find((s) => s.step === name) ?? expect.fail(`no step ${name}: ${JSON.stringify(steps)}`)
    expect(step('list-pods').names).toEqual(['seed'])
    expect(step('create')).toMatchObject({ name: 'py-web', replicas: 1, uid: true })
    // Both writes came from the client's User-Agent product, so they merge into one Update entry.
    expect(step('patch')).toMatchObject({ images: ['nginx:1.28'], generation: 2, managers: [['OpenAPI-Generator', 'Update']] })
    expect(step('scale')).toMatchObject({ kind: 'Scale', replicas: 3, stored: 3 })
    expect(step('not-found')).toEqual({ step: 'not-found', status: 404, message: 'deployments.apps "nope" not found' })
    // An object removed at once is answered with a Success Status, as the apiserver does.
    expect(step('delete')).toMatchObject({ kind: 'Status', status: 'Success' })
    const watched = step('watch')
    expect(watched.alive).toBe(false)
    expect(watched.events).toEqual([
      ['ADDED', 'py-web', 1],
      ['MODIFIED', 'py-web', 1],
      ['MODIFIED', 'py-web', 3],
      ['DELETED', 'py-web', 3]
    ])
  })
})
