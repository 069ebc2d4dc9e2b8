import { spawn } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, kubectlPath, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const rc = `apiVersion: v1
kind: ReplicationController
metadata:
  name: web
spec:
  replicas: 3
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 80
`

/** kubectl prints some words in colour; the tests read the text. */
const plain = (s: string): string => s.replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '')

/**
 * The commands of a Kubernetes introduction, through real kubectl 1.32 against
 * a whole headless cluster (every controller and kubelet running), checked
 * against the real outputs: columns, messages and exit codes.
 */
describe.skipIf(!hasKubectl)('kubectl: the introduction commands', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  /** Runs kubectl and expects success; returns stdout. */
  async function ok(args: string[], stdin?: string): Promise<string> {
    const r = await k.run(args, stdin)
    expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('')
    expect(r.code).toBe(0)
    return r.stdout
  }

  it('cluster-info names the control plane and CoreDNS', async () => {
    const out = plain(await ok(['cluster-info']))
    const url = k.cluster.apiServer!.url
    expect(out).toBe(
      `Kubernetes control plane is running at ${url}\nCoreDNS is running at ${url}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy\n\nTo further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.\n`
    )
  })

  it('run, wait --for=condition=Ready, get -o wide/-o yaml/--show-labels/-A/--field-selector, events', async () => {
    expect(await ok(['run', 'nginx', '--image=nginx:1.27'])).toBe('pod/nginx created\n')
    expect(await ok(['wait', '--for=condition=Ready', 'pod/nginx', '--timeout=60s'])).toBe('pod/nginx condition met\n')
    const wide = (await ok(['get', 'pods', '-o', 'wide'])).split('\n')
    expect(wide[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$/)
    expect(wide[1]).toMatch(/^nginx\s+1\/1\s+Running\s+0\s+\S+\s+10\.244\.\d+\.\d+\s+kubelab-worker\d?\s+<none>\s+<none>$/)
    const yaml = await ok(['get', 'pod', 'nginx', '-o', 'yaml'])
    expect(yaml).toMatch(/^apiVersion: v1\nkind: Pod\nmetadata:\n/)
    expect(yaml).toContain('    run: nginx\n')
    expect(yaml).toContain('  phase: Running\n')
    expect(await ok(['get', 'pods', '--show-labels'])).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+LABELS\nnginx\s+1\/1\s+Running\s+0\s+\S+\s+run=nginx\n$/)
    const all = await ok(['get', 'pods', '-A', '--field-selector=status.phase=Running'])
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/)
    expect(all).toMatch(/^default\s+nginx\s+1\/1\s+Running\s+/m)
    expect(all).toMatch(/^kube-system\s+kube-apiserver-kubelab-control-plane\s+1\/1\s+Running\s+/m)
    expect(await ok(['get', 'pods', '--field-selector=status.phase!=Running', '-o', 'name'])).toBe('')
    const events = await ok(['get', 'events', '--field-selector=involvedObject.name=nginx'])
    expect(events.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/)
    expect(events).toMatch(/^\S+\s+Normal\s+Scheduled\s+pod\/nginx\s+Successfully assigned default\/nginx to kubelab-worker\d?$/m)
    expect(events).toMatch(/^\S+\s+Normal\s+Started\s+pod\/nginx\s+Started container nginx$/m)
  })

  it('get -w for a bounded time streams a change', async () => {
    await ok(['create', 'configmap', 'watched'])
    const child = spawn(kubectlPath, ['--kubeconfig', k.kubeconfig, '--cache-dir', mkdtempSync(join(tmpdir(), 'kubelab-watch-')), 'get', 'cm', '-w'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: '' }
    })
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    try {
      await waitFor(() => /^watched\s+0\s+\S+$/m.test(out), 'the initial rows', 20_000)
      await ok(['create', 'configmap', 'arrived', '--from-literal=a=1'])
      await waitFor(() => /^arrived\s+1\s+\S+$/m.test(out), 'the new row', 20_000)
      expect(out.split('\n')[0]).toMatch(/^NAME\s+DATA\s+AGE$/)
      // One header only: later events print rows alone.
      expect(out.match(/^NAME\s+DATA/gm)).toHaveLength(1)
    } finally {
      child.kill('SIGTERM')
    }
  })

  it('an RC: apply, expose, scale, autoscale, get ep/rc, describe', async () => {
    expect(await ok(['apply', '-f', '-'], rc)).toBe('replicationcontroller/web created\n')
    expect(await ok(['expose', 'rc', 'web', '--port=80', '--target-port=80'])).toBe('service/web exposed\n')
    expect(await ok(['scale', 'rc', 'web', '--replicas=2'])).toBe('replicationcontroller/web scaled\n')
    await waitFor(async () => /^web\s+2\s+2\s+2\s+\S+$/m.test(await ok(['get', 'rc', 'web'])), 'rc web 2 ready', 30_000)
    expect((await ok(['get', 'rc'])).split('\n')[0]).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE$/)
    const ep = await waitFor(async () => {
      const out = await ok(['get', 'ep', 'web'])
      return /^web\s+10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80\s+\S+$/m.test(out) ? out : undefined
    }, 'two endpoints', 30_000)
    expect(ep.split('\n')[0]).toMatch(/^NAME\s+ENDPOINTS\s+AGE$/)
    const svc = await ok(['get', 'svc', 'web'])
    expect(svc).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\nweb\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80\/TCP\s+\S+\n$/)

    expect(await ok(['autoscale', 'rc', 'web', '--max=5', '--cpu-percent=80'])).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n')
    const hpa = await ok(['get', 'hpa', 'web'])
    expect(hpa.split('\n')[0]).toMatch(/^NAME\s+REFERENCE\s+TARGETS\s+MINPODS\s+MAXPODS\s+REPLICAS\s+AGE$/)
    expect(hpa).toMatch(/^web\s+ReplicationController\/web\s+cpu: \S+\/80%\s+1\s+5\s+\d+\s+\S+$/m)

    // Events are written after the changes they tell of (the recorder is asynchronous, as client-go's broadcaster is).
    const rcText = await waitFor(async () => {
      const text = await ok(['describe', 'rc', 'web'])
      return /SuccessfulDelete/.test(text) ? text : undefined
    }, 'the RC events in describe', 30_000)
    expect(rcText).toMatch(/^Name:\s+web\nNamespace:\s+default\nSelector:\s+app=web\nLabels:\s+app=web\nAnnotations:\s+<none>\nReplicas:\s+2 current \/ 2 desired\nPods Status:\s+2 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed\n/)
    expect(rcText).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+replication-controller\s+Created pod: web-[a-z0-9]{5}/)
    expect(rcText).toMatch(/Normal\s+SuccessfulDelete\s+\S+\s+replication-controller\s+Deleted pod: web-[a-z0-9]{5}/)
    const svcText = await ok(['describe', 'svc', 'web'])
    expect(svcText).toMatch(/^Selector:\s+app=web$/m)
    expect(svcText).toMatch(/^Type:\s+ClusterIP$/m)
    expect(svcText).toMatch(/^Port:\s+<unset>\s+80\/TCP$/m)
    expect(svcText).toMatch(/^TargetPort:\s+80\/TCP$/m)
    expect(svcText).toMatch(/^Endpoints:\s+10\.244\.\d+\.\d+:80,10\.244\.\d+\.\d+:80$/m)
  })

  it('describe pod and node', async () => {
    const pod = await ok(['describe', 'pod', 'nginx'])
    expect(pod).toMatch(/^Name:\s+nginx\nNamespace:\s+default\nPriority:\s+0\nService Account:\s+default\nNode:\s+kubelab-worker\d?\/172\.18\.0\.\d+\n/)
    expect(pod).toMatch(/^Status:\s+Running$/m)
    expect(pod).toMatch(/^QoS Class:\s+BestEffort$/m)
    expect(pod).toMatch(/^\s+Normal\s+Scheduled\s+\S+\s+default-scheduler\s+Successfully assigned default\/nginx to kubelab-worker\d?$/m)
    const node = await ok(['describe', 'node', 'kubelab-worker'])
    expect(node).toMatch(/^Name:\s+kubelab-worker\nRoles:\s+<none>\n/)
    expect(node).toMatch(/^\s+Ready\s+True\s+.+KubeletReady\s+kubelet is posting ready status$/m)
    expect(node).toMatch(/^\s+InternalIP:\s+172\.18\.0\.3$/m)
    expect(node).toMatch(/^PodCIDR:\s+10\.244\.\d+\.0\/24$/m)
    expect(node).toMatch(/^Non-terminated Pods:\s+\(\d+ in total\)$/m)
  })

  it('every namespace has its default ServiceAccount', async () => {
    await ok(['create', 'namespace', 'team'])
    const sa = await waitFor(async () => {
      const out = await ok(['-n', 'team', 'get', 'sa'])
      return /^default\s+0\s+\S+$/m.test(out) ? out : undefined
    }, 'default SA in team', 20_000)
    expect(sa.split('\n')[0]).toMatch(/^NAME\s+SECRETS\s+AGE$/)
    expect(await ok(['describe', 'sa', 'default'])).toMatch(/^Name:\s+default\nNamespace:\s+default\nLabels:\s+<none>\nAnnotations:\s+<none>\nImage pull secrets:\s+<none>\nMountable secrets:\s+<none>\nTokens:\s+<none>\nEvents:\s+<none>\n$/)
  })

  it('a Deployment: rollout status, history and undo, describe', async () => {
    expect(await ok(['create', 'deployment', 'api', '--image=nginx:1.27', '--replicas=2'])).toBe('deployment.apps/api created\n')
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    expect(await ok(['set', 'image', 'deploy/api', 'nginx=nginx:1.28'])).toBe('deployment.apps/api image updated\n')
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    expect(await ok(['rollout', 'history', 'deploy/api'])).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n')
    expect(await ok(['rollout', 'undo', 'deploy/api'])).toBe('deployment.apps/api rolled back\n')
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    expect(await ok(['rollout', 'history', 'deploy/api'])).toBe('deployment.apps/api \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n')
    expect(await ok(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx:1.27')
    const d = await waitFor(async () => {
      const text = await ok(['describe', 'deploy', 'api'])
      return /Scaled up replica set api-[a-z0-9]+ from 0 to 2/.test(text) ? text : undefined
    }, 'the scaling events in describe', 30_000)
    expect(d).toMatch(/^Annotations:\s+deployment\.kubernetes\.io\/revision: 3$/m)
    expect(d).toMatch(/^Replicas:\s+2 desired \| 2 updated \| 2 total \| 2 available \| 0 unavailable$/m)
    expect(d).toMatch(/^RollingUpdateStrategy:\s+25% max unavailable, 25% max surge$/m)
    expect(d).toMatch(/^\s+Available\s+True\s+MinimumReplicasAvailable$/m)
    expect(d).toMatch(/^\s+Progressing\s+True\s+NewReplicaSetAvailable$/m)
    expect(d).toMatch(/Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set api-[a-z0-9]+ from 0 to 2/)
    const listed = await ok(['get', 'rs,deploy'])
    expect(listed).toMatch(/^NAME\s+DESIRED\s+CURRENT\s+READY\s+AGE\nreplicaset\.apps\/api-\S+\s+\d\s+\d\s+\d\s+\S+\n/)
    expect(listed).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\ndeployment\.apps\/api\s+2\/2\s+2\s+2\s+\S+\n/m)
  })

  it('get all lists the "all" category in discovery order', async () => {
    const out = await ok(['get', 'all'])
    const kinds = [...out.matchAll(/^([a-z.]+)\/\S+/gm)].map((m) => m[1]).filter((v, i, a) => a.indexOf(v) === i)
    expect(kinds).toEqual(['pod', 'replicationcontroller', 'service', 'deployment.apps', 'replicaset.apps', 'horizontalpodautoscaler.autoscaling'])
  })

  it('annotate with overwrite and removal', async () => {
    await ok(['create', 'configmap', 'notes'])
    expect(await ok(['annotate', 'cm', 'notes', 'owner=me'])).toBe('configmap/notes annotated\n')
    const refused = await k.run(['annotate', 'cm', 'notes', 'owner=you'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toBe("error: --overwrite is false but found the following declared annotation(s): 'owner' already has a value (me)\n")
    expect(await ok(['annotate', 'cm', 'notes', 'owner=you', '--overwrite'])).toBe('configmap/notes annotated\n')
    expect(await ok(['get', 'cm', 'notes', '-o', 'jsonpath={.metadata.annotations.owner}'])).toBe('you')
    expect(await ok(['annotate', 'cm', 'notes', 'owner-'])).toBe('configmap/notes annotated\n')
    expect(await ok(['get', 'cm', 'notes', '-o', 'jsonpath={.metadata.annotations}'])).toBe('')
  })

  it('delete: --all, -l, cascade orphan and foreground', async () => {
    await ok(['create', 'namespace', 'scratch'])
    for (const n of ['a', 'b']) await ok(['-n', 'scratch', 'create', 'configmap', n])
    // As on a real cluster, --all takes the root CA ConfigMap too, and the publisher puts it back.
    expect(await ok(['-n', 'scratch', 'delete', 'cm', '--all'])).toBe('configmap "a" deleted\nconfigmap "b" deleted\nconfigmap "kube-root-ca.crt" deleted\n')
    await waitFor(async () => (await ok(['-n', 'scratch', 'get', 'cm', '-o', 'name'])) === 'configmap/kube-root-ca.crt\n', 'kube-root-ca.crt back')

    const pods = (await ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n').sort()
    expect(pods).toHaveLength(2)
    expect(await ok(['delete', 'rc', 'web', '--cascade=orphan'])).toBe('replicationcontroller "web" deleted\n')
    // The orphans stay, without their owner.
    expect((await ok(['get', 'pods', '-l', 'app=web', '-o', 'name'])).trim().split('\n').sort()).toEqual(pods)
    await waitFor(async () => (await ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.ownerReferences}'])) === '', 'orphaned pods', 20_000)
    expect(await ok(['delete', 'pods', '-l', 'app=web', '--wait=false'])).toMatch(/^pod "web-[a-z0-9]{5}" deleted\npod "web-[a-z0-9]{5}" deleted\n$/)

    expect(await ok(['delete', 'deploy', 'api', '--cascade=foreground'])).toBe('deployment.apps "api" deleted\n')
    // kubectl waited for the foreground deletion: the Deployment went after its ReplicaSets.
    expect(await ok(['get', 'rs', '-l', 'app=api', '-o', 'name'])).toBe('')
  })

  it('error cases: unknown field (strict), missing required field, duplicate create, a 4 MiB body, exactly as kubectl prints them', async () => {
    const typo = await k.run(['apply', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: typo\nspec:\n  containers:\n  - name: c\n    image: nginx\n    imagee: nginx\n')
    expect(typo).toMatchObject({ code: 1, stderr: 'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].imagee"\n' })
    const required = await k.run(['create', '-f', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: bad\nspec:\n  containers:\n  - name: c\n')
    expect(required).toMatchObject({ code: 1, stderr: 'The Pod "bad" is invalid: spec.containers[0].image: Required value\n' })
    const dupManifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\n'
    expect(await ok(['create', '-f', '-'], dupManifest)).toBe('configmap/dup created\n')
    expect(await k.run(['create', '-f', '-'], dupManifest)).toMatchObject({ code: 1, stderr: 'Error from server (AlreadyExists): error when creating "STDIN": configmaps "dup" already exists\n' })
    const huge = await k.run(['create', '-f', '-'], `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: huge\ndata:\n  blob: "${'x'.repeat(4 * 1024 * 1024)}"\n`)
    expect(huge).toMatchObject({ code: 1, stderr: 'Error from server (RequestEntityTooLarge): error when creating "STDIN": Request entity too large: limit is 3145728\n' })
    expect((await k.run(['get', 'cm', 'huge'])).stderr).toBe('Error from server (NotFound): configmaps "huge" not found\n')
  })

  it('error cases: stale update, bad selectors, deletecollection of namespaces, no credentials', async () => {
    await ok(['create', 'configmap', 'cas', '--from-literal=a=1'])
    const stale = await k.run(['replace', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cas', namespace: 'default', resourceVersion: '1' }, data: { a: '2' } }))
    expect(stale.code).toBe(1)
    expect(stale.stderr).toBe(
      'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on configmaps "cas": the object has been modified; please apply your changes to the latest version and try again\n'
    )
    const badLabels = await k.run(['get', 'pods', '-l', 'app in (a'])
    expect(badLabels.code).toBe(1)
    expect(badLabels.stderr).toBe(
      `Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "app in (a", field selector "": unable to parse requirement: found '', expected: ',' or ')'\n`
    )
    const badFields = await k.run(['get', 'pods', '--field-selector=spec.bogus=x'])
    expect(badFields.stderr).toBe('Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.bogus=x": field label not supported: spec.bogus\n')
    const collection = await k.run(['delete', '--raw', '/api/v1/namespaces'])
    expect(collection.code).toBe(1)
    expect(collection.stderr).toBe('Error from server (MethodNotAllowed): the server does not allow this method on the requested resource\n')
    expect(await ok(['get', 'ns', 'default', '-o', 'name'])).toBe('namespace/default\n')

    const url = new URL(k.cluster.apiServer!.url)
    const anonymous = await new Promise<{ code: number; body: string }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/v1/namespaces/default/pods', rejectUnauthorized: false }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ code: res.statusCode ?? 0, body }))
      })
      req.on('error', reject)
      req.end()
    })
    expect(anonymous.code).toBe(401)
    expect(JSON.parse(anonymous.body)).toEqual({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'Unauthorized', reason: 'Unauthorized', code: 401 })
  })

  it('PUT namespaces/NAME/finalize (replace --raw) empties a Terminating namespace\'s finalizers and lets it go', async () => {
    await ok(['create', 'namespace', 'stuck'])
    await ok(['-n', 'stuck', 'create', 'configmap', 'held'])
    // A finalizer nobody removes keeps the content, and so the namespace, around.
    await ok(['-n', 'stuck', 'patch', 'cm', 'held', '--type', 'merge', '-p', '{"metadata":{"finalizers":["example.com/hold"]}}'])
    await ok(['delete', 'namespace', 'stuck', '--wait=false'])
    await waitFor(async () => (await ok(['get', 'ns', 'stuck', '-o', 'jsonpath={.status.phase}'])) === 'Terminating', 'Terminating', 20_000)
    const ns = JSON.parse(await ok(['get', 'ns', 'stuck', '-o', 'json']))
    expect(ns.spec.finalizers).toEqual(['kubernetes'])
    ns.spec.finalizers = []
    const put = JSON.parse(await ok(['replace', '--raw', '/api/v1/namespaces/stuck/finalize', '-f', '-'], JSON.stringify(ns)))
    expect(put.kind).toBe('Namespace')
    expect(put.spec).toEqual({})
    const gone = await k.run(['get', 'ns', 'stuck'])
    expect(gone.stderr).toBe('Error from server (NotFound): namespaces "stuck" not found\n')
    const mismatch = await k.run(['replace', '--raw', '/api/v1/namespaces/default/finalize', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'other' } }))
    expect(mismatch.stderr).toBe('Error from server (BadRequest): the name of the object (other) does not match the name on the URL (default)\n')
  })
})
