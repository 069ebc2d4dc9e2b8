import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/** web.yaml of https://kubernetes.io/docs/tutorials/stateful-application/basic-stateful-set/ */
const webYaml = `apiVersion: v1
kind: Service
metadata:
  name: nginx
  labels:
    app: nginx
spec:
  ports:
  - port: 80
    name: web
  clusterIP: None
  selector:
    app: nginx
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  serviceName: "nginx"
  replicas: 2
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: registry.k8s.io/nginx-slim:0.21
        ports:
        - containerPort: 80
          name: web
        volumeMounts:
        - name: www
          mountPath: /usr/share/nginx/html
  volumeClaimTemplates:
  - metadata:
      name: www
    spec:
      accessModes: [ "ReadWriteOnce" ]
      resources:
        requests:
          storage: 1Gi
`

/** The StatefulSet basics tutorial through real kubectl 1.32. */
describe.skipIf(!hasKubectl)('kubectl: StatefulSet basics', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  async function ok(args: string[], stdin?: string): Promise<string> {
    const r = await k.run(args, stdin)
    expect(r.stderr, `kubectl ${args.join(' ')}`).toBe('')
    expect(r.code).toBe(0)
    return r.stdout
  }

  const rows = (out: string): string[][] =>
    out
      .trimEnd()
      .split('\n')
      .map((l) => l.trim().split(/\s+/))

  it('apply web.yaml; get sts web, pods -l app=nginx and pvc show two ready pods with bound claims', async () => {
    expect(await ok(['apply', '-f', '-'], webYaml)).toBe('service/nginx created\nstatefulset.apps/web created\n')
    expect(await ok(['rollout', 'status', 'sts/web', '--timeout=30s'])).toContain('partitioned roll out complete: 2 new pods have been updated...')
    // As on a real cluster: volumeClaimTemplates is an atomic list, and the served one carries defaults
    // (kind, volumeMode, status) the manifest lacks, so kubectl's three-way patch always replaces it.
    expect(await ok(['apply', '-f', '-'], webYaml)).toBe('service/nginx unchanged\nstatefulset.apps/web configured\n')
    expect(await ok(['get', 'sts', 'web', '-o', 'jsonpath={.metadata.generation}'])).toBe('1')
    const sts = rows(await ok(['get', 'sts', 'web']))
    expect(sts[0]).toEqual(['NAME', 'READY', 'AGE'])
    expect(sts[1].slice(0, 2)).toEqual(['web', '2/2'])
    const wide = rows(await ok(['get', 'statefulsets', 'web', '-o', 'wide']))
    expect(wide[0]).toEqual(['NAME', 'READY', 'AGE', 'CONTAINERS', 'IMAGES'])
    expect(wide[1].slice(3)).toEqual(['nginx', 'registry.k8s.io/nginx-slim:0.21'])
    const pods = rows(await ok(['get', 'pods', '-l', 'app=nginx']))
    expect(pods.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['web-0', '1/1', 'Running'],
      ['web-1', '1/1', 'Running']
    ])
    const pvc = rows(await ok(['get', 'pvc', '-l', 'app=nginx']))
    expect(pvc.slice(1).map((r) => [r[0], r[1]])).toEqual([
      ['www-web-0', 'Bound'],
      ['www-web-1', 'Bound']
    ])
  })

  it('exec web-0 -- hostname; nslookup web-0.nginx from another pod answers with the pod IP', async () => {
    expect(await ok(['exec', 'web-0', '--', 'hostname'])).toBe('web-0\n')
    expect(await ok(['exec', 'web-1', '--', 'hostname'])).toBe('web-1\n')
    await ok(['run', 'dns-test', '--image=busybox:1.28', '--restart=Never', '--', 'sleep', '3600'])
    await ok(['wait', '--for=condition=Ready', 'pod/dns-test', '--timeout=30s'])
    const ip = await ok(['get', 'pod', 'web-0', '-o', 'jsonpath={.status.podIP}'])
    const answer = await waitFor(async () => {
      const r = await k.run(['exec', 'dns-test', '--', 'nslookup', 'web-0.nginx'])
      return r.code === 0 ? r.stdout : undefined
    }, 'web-0.nginx resolves')
    expect(answer).toContain('Name:\tweb-0.nginx.default.svc.cluster.local\n')
    expect(answer).toContain(`Address: ${ip}\n`)
  })

  it('scale sts web --replicas=5 creates web-2..web-4 with their claims; rollout status waits for them', async () => {
    expect(await ok(['scale', 'sts', 'web', '--replicas=5'])).toBe('statefulset.apps/web scaled\n')
    await ok(['rollout', 'status', 'sts/web', '--timeout=30s'])
    const pods = rows(await ok(['get', 'pods', '-l', 'app=nginx']))
    expect(pods.slice(1).map((r) => r[0])).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4'])
    const events = await ok(['get', 'events', '--field-selector', 'involvedObject.name=web', '-o', 'jsonpath={range .items[*]}{.message}{"\\n"}{end}'])
    expect(events).toContain('create Claim www-web-4 Pod web-4 in StatefulSet web success\n')
    expect(events).toContain('create Pod web-4 in StatefulSet web successful\n')
  })

  it('describe sts web shows replicas, strategy, pod statuses, the claim template and the events; get all lists it', async () => {
    const out = await ok(['describe', 'sts', 'web'])
    expect(out).toMatch(/^Replicas:\s+5 desired \| 5 total$/m)
    expect(out).toMatch(/^Update Strategy:\s+RollingUpdate$/m)
    expect(out).toMatch(/^ {2}Partition:\s+0$/m)
    expect(out).toMatch(/^Pods Status:\s+5 Running \/ 0 Waiting \/ 0 Succeeded \/ 0 Failed$/m)
    expect(out).toMatch(/^Volume Claims:\n {2}Name:\s+www$/m)
    expect(out).toMatch(/Normal\s+SuccessfulCreate\s+\S+\s+statefulset-controller\s+create Pod web-0 in StatefulSet web successful$/m)
    expect(await ok(['get', 'all'])).toMatch(/^statefulset\.apps\/web\s+5\/5\s+\S+$/m)
  })

  it('patch the image rolls the pods; rollout history lists two revisions and undo returns to the first image', async () => {
    await ok(['set', 'image', 'sts/web', 'nginx=registry.k8s.io/nginx-slim:0.24'])
    await ok(['rollout', 'status', 'sts/web', '--timeout=60s'])
    const images = await ok(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}'])
    expect(images.trimEnd().split('\n')).toEqual(new Array(5).fill('registry.k8s.io/nginx-slim:0.24'))
    const history = rows(await ok(['rollout', 'history', 'sts/web']))
    expect(history[0]).toEqual(['statefulset.apps/web'])
    expect(history.slice(2).map((r) => r[0])).toEqual(['1', '2'])
    const first = await ok(['rollout', 'history', 'sts/web', '--revision=1'])
    expect(first).toMatch(/^statefulset\.apps\/web with revision #1$/m)
    expect(first).toMatch(/^\s+Image:\s+registry\.k8s\.io\/nginx-slim:0\.21$/m)
    expect(await ok(['rollout', 'undo', 'sts/web'])).toBe('statefulset.apps/web rolled back\n')
    await ok(['rollout', 'status', 'sts/web', '--timeout=60s'])
    expect(await ok(['get', 'pod', 'web-0', '-o', 'jsonpath={.spec.containers[0].image}'])).toBe('registry.k8s.io/nginx-slim:0.21')
    const revs = rows(await ok(['get', 'controllerrevisions']))
    expect(revs[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE'])
    expect(revs.slice(1).map((r) => [r[1], r[2]]).sort()).toEqual([
      ['statefulset.apps/web', '2'],
      ['statefulset.apps/web', '3']
    ])
  })

  it('delete pod -l app=nginx: the pods come back in ordinal order with the same claims', async () => {
    await ok(['scale', 'sts', 'web', '--replicas=2'])
    await waitFor(async () => rows(await ok(['get', 'pods', '-l', 'app=nginx', '--no-headers'])).length === 2, 'two pods')
    const uids = async (): Promise<string[]> => (await ok(['get', 'pods', '-l', 'app=nginx', '-o', 'jsonpath={.items[*].metadata.uid}'])).split(' ')
    const before = await uids()
    // --wait=false, then a wait of our own: kubectl's wait for deletion looks for a pod of
    // the name, and with the instant clock web-0 can be gone and back (a new uid) before
    // its watch starts; it would then wait for the new web-0 to go, as it would on a
    // real cluster whose pods stopped that fast.
    expect(await ok(['delete', 'pod', '-l', 'app=nginx', '--wait=false'])).toBe('pod "web-0" deleted\npod "web-1" deleted\n')
    await waitFor(async () => {
      const now = await uids()
      return now.length === 2 && now.every((uid) => !before.includes(uid))
    }, 'web-0 and web-1 made again')
    await ok(['rollout', 'status', 'sts/web', '--timeout=30s'])
    const pods = rows(await ok(['get', 'pods', '-l', 'app=nginx']))
    expect(pods.slice(1).map((r) => r.slice(0, 3))).toEqual([
      ['web-0', '1/1', 'Running'],
      ['web-1', '1/1', 'Running']
    ])
    const pvc = rows(await ok(['get', 'pvc', '--no-headers']))
    expect(pvc.map((r) => r[0])).toEqual(['www-web-0', 'www-web-1', 'www-web-2', 'www-web-3', 'www-web-4'])
  })
})
