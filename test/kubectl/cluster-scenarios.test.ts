import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { kubectlSteps, rc, rows } from './support/kubectl-steps'

const pv = (name: string, size: string): string => `apiVersion: v1
kind: PersistentVolume
metadata:
  name: ${name}
spec:
  storageClassName: manual
  capacity:
    storage: ${size}
  accessModes: [ReadWriteOnce]
  hostPath:
    path: /tmp/${name}
---
`

const claim = `apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: manual
  accessModes: [ReadWriteOnce]
  resources:
    requests:
      storage: 3Gi
`

const claimant = `apiVersion: v1
kind: Pod
metadata:
  name: claimant
spec:
  containers:
  - name: app
    image: nginx:1.27
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
`

const deployment = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 4
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 1
      maxUnavailable: 1
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
      - name: nginx
        image: ${image}
`

/**
 * Issue 4's acceptance scenarios through real kubectl 1.32 against a whole
 * headless cluster (instant clock): what a reader sees in `get -o wide`,
 * `describe` and `get events` while controllers, the scheduler and the
 * kubelets do their work. The tests run in order and share the cluster.
 * Node actions are in node-actions.test.ts.
 */
describe.skipIf(!hasKubectl)('kubectl: the cluster comes alive', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })
  const { ok, runningWide } = kubectlSteps(() => k)

  it('an RC replaces a deleted pod; get pods -o wide shows each pod IP and node', async () => {
    expect(await ok(['apply', '-f', '-'], rc)).toBe('replicationcontroller/web created\n')
    const before = await runningWide('web', 3)
    for (const r of before) {
      // NAME READY STATUS RESTARTS AGE IP NODE NOMINATED-NODE READINESS-GATES
      expect(r).toHaveLength(9)
      expect(r[5]).toMatch(/^10\.244\.[1-3]\.\d+$/)
      expect(r[6]).toMatch(/^kubelab-worker\d?$/)
      expect(r.slice(7)).toEqual(['<none>', '<none>'])
    }
    const victim = before[0][0]
    expect(await ok(['delete', 'pod', victim])).toBe(`pod "${victim}" deleted\n`)
    const after = await runningWide('web', 3)
    expect(after.map((r) => r[0])).not.toContain(victim)
  })

  it('scaling the RC 3 to 1 deletes two pods; describe rc shows the creates and deletes', async () => {
    expect(await ok(['scale', 'rc', 'web', '--replicas=1'])).toBe('replicationcontroller/web scaled\n')
    await runningWide('web', 1)
    const text = await waitFor(async () => {
      const out = await ok(['describe', 'rc', 'web'])
      return (out.match(/SuccessfulDelete/g) ?? []).length === 2 ? out : undefined
    }, 'two SuccessfulDelete events', 30_000)
    expect(text).toMatch(/^Replicas:\s+1 current \/ 1 desired$/m)
    expect(text.match(/^\s+Normal\s+SuccessfulCreate\s+.+replication-controller\s+Created pod: web-[a-z0-9]{5}$/gm)).toHaveLength(4)
    expect(text.match(/^\s+Normal\s+SuccessfulDelete\s+.+replication-controller\s+Deleted pod: web-[a-z0-9]{5}$/gm)).toHaveLength(2)
  })

  it('describe pod shows the scheduler and kubelet events; get events -o wide names the container as SUBOBJECT', async () => {
    const [[name, , , , , ip, node]] = await runningWide('web', 1)
    const text = await ok(['describe', 'pod', name])
    expect(text).toMatch(new RegExp(`^Node:\\s+${node}/172\\.18\\.0\\.\\d+$`, 'm'))
    expect(text).toMatch(new RegExp(`^IP:\\s+${ip.replace(/\./g, '\\.')}$`, 'm'))
    expect(text).toMatch(/^Controlled By:\s+ReplicationController\/web$/m)
    const events = text.slice(text.indexOf('\nEvents:'))
    expect(events).toMatch(/^\s+Type\s+Reason\s+Age\s+From\s+Message$/m)
    expect(events).toMatch(new RegExp(`^\\s+Normal\\s+Scheduled\\s+.+default-scheduler\\s+Successfully assigned default/${name} to ${node}$`, 'm'))
    // The image may already be on the node (another web pod pulled it): either Pulled message is the kubelet's.
    expect(events).toMatch(/^\s+Normal\s+Pulled\s+.+kubelet\s+(Successfully pulled image "nginx:1\.27" in [\d.]+m?s \([\d.]+m?s including waiting\)\. Image size: \d+ bytes\.|Container image "nginx:1\.27" already present on machine)$/m)
    expect(events).toMatch(/^\s+Normal\s+Created\s+.+kubelet\s+Created container: web$/m)
    expect(events).toMatch(/^\s+Normal\s+Started\s+.+kubelet\s+Started container web$/m)

    const wide = await ok(['get', 'events', '-o', 'wide', `--field-selector=involvedObject.name=${name}`])
    expect(wide.split('\n')[0]).toMatch(/^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME$/)
    expect(wide).toMatch(new RegExp(`^\\S+\\s+Normal\\s+Started\\s+pod/${name}\\s+spec\\.containers\\{web\\}\\s+kubelet, ${node}\\s+Started container web\\s+\\S+\\s+1\\s+${name}\\.[0-9a-f]+$`, 'm'))
    // kube-scheduler writes through events.k8s.io/v1: SOURCE is its reportingController and reportingInstance.
    expect(wide).toMatch(new RegExp(`^\\S+\\s+Normal\\s+Scheduled\\s+pod/${name}\\s+default-scheduler, default-scheduler-kubelab-control-plane\\s+Successfully assigned default/${name} to ${node}\\s+\\S+\\s+1\\s+${name}\\.[0-9a-f]+$`, 'm'))
  })

  it('a pod asking for more cpu than any node has stays Pending with the FailedScheduling message', async () => {
    await ok(['run', 'big', '--image=nginx:1.27', '--overrides={"spec":{"containers":[{"name":"big","image":"nginx:1.27","resources":{"requests":{"cpu":"100"}}}]}}'])
    const message =
      '0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 Insufficient cpu. preemption: 0/4 nodes are available: 1 Preemption is not helpful for scheduling, 3 No preemption victims found for incoming pod.'
    const text = await waitFor(async () => {
      const out = await ok(['describe', 'pod', 'big'])
      return out.includes('FailedScheduling') ? out : undefined
    }, 'FailedScheduling', 30_000)
    expect(text).toMatch(/^Status:\s+Pending$/m)
    expect(text).toMatch(/^Node:\s+<none>$/m)
    expect(text).toMatch(/^\s+PodScheduled\s+False\s*$/m)
    expect(text).toContain(`default-scheduler  ${message}\n`)
    expect(text).toMatch(/^\s+Warning\s+FailedScheduling\s+/m)
    expect(await ok(['get', 'pods', 'big', '-o', 'wide'])).toMatch(/^big\s+0\/1\s+Pending\s+0\s+\S+\s+<none>\s+<none>\s+<none>\s+<none>$/m)
    expect(await ok(['delete', 'pod', 'big'])).toBe('pod "big" deleted\n')
  })

  it('nodeSelector pins a pod to the labelled node', async () => {
    await ok(['label', 'node', 'kubelab-worker2', 'disk=ssd'])
    await ok(['run', 'pinned', '--labels=app=pinned', '--image=nginx:1.27', '--overrides={"spec":{"nodeSelector":{"disk":"ssd"}}}'])
    const [row] = await runningWide('pinned', 1)
    expect(row[6]).toBe('kubelab-worker2')
    expect(await ok(['describe', 'pod', 'pinned'])).toMatch(/^Node-Selectors:\s+disk=ssd$/m)
  })

  it('a claim binds the smallest volume that fits, and its pod schedules only once it is bound', async () => {
    await ok(['apply', '-f', '-'], pv('pv-small', '1Gi') + pv('pv-large', '10Gi') + pv('pv-medium', '5Gi'))
    expect(await ok(['apply', '-f', '-'], claimant)).toBe('pod/claimant created\n')
    const pending = await waitFor(async () => {
      const out = await ok(['describe', 'pod', 'claimant'])
      return out.includes('FailedScheduling') ? out : undefined
    }, 'claimant unschedulable', 30_000)
    expect(pending).toMatch(/Warning\s+FailedScheduling\s+.+default-scheduler\s+0\/4 nodes are available: persistentvolumeclaim "data" not found\./)
    expect(await ok(['apply', '-f', '-'], claim)).toBe('persistentvolumeclaim/data created\n')
    await waitFor(async () => /^data\s+Bound\s+pv-medium\s+5Gi\s+RWO\s+manual\s/m.test(await ok(['get', 'pvc', 'data'])), 'data bound to pv-medium', 30_000)
    await waitFor(async () => /^claimant\s+1\/1\s+Running\s/m.test(await ok(['get', 'pod', 'claimant'])), 'claimant Running', 30_000)
    expect(await ok(['get', 'pv', 'pv-small', 'pv-large', '--no-headers'])).toMatch(/^pv-small\s+1Gi\s+RWO\s+Retain\s+Available\s+manual\s.*\npv-large\s+10Gi\s+RWO\s+Retain\s+Available\s+manual\s/m)
  })


  it('a Deployment rolls out within maxSurge/maxUnavailable (describe shows each step) and rollout undo restores the template', async () => {
    await ok(['apply', '-f', '-'], deployment('nginx:1.27'))
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    const first = (await ok(['get', 'rs', '-l', 'app=api', '-o', 'name'])).trim().replace('replicaset.apps/', '')
    expect(await ok(['set', 'image', 'deploy/api', 'nginx=nginx:1.28'])).toBe('deployment.apps/api image updated\n')
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    // Events are written after the steps they tell of: wait for the last one.
    const text = await waitFor(async () => {
      const out = await ok(['describe', 'deploy', 'api'])
      return new RegExp(`Scaled down replica set ${first} from \\d+ to 0`).test(out) ? out : undefined
    }, 'the last scaling event in describe', 30_000)
    expect(text).toMatch(/^RollingUpdateStrategy:\s+1 max unavailable, 1 max surge$/m)
    const shown = [...text.matchAll(/^\s+Normal\s+ScalingReplicaSet\s+.+deployment-controller\s+(Scaled (?:up|down) replica set \S+ from \d+ to \d+)$/gm)].map((m) => m[1])
    // describe sorts events by their one-second timestamps, not stably: replay them in the order they were recorded
    // (an event's name ends in its time in nanoseconds, in hex of fixed width).
    const recorded = (await ok(['get', 'events', '--field-selector', 'involvedObject.kind=Deployment,involvedObject.name=api,reason=ScalingReplicaSet', '-o', 'jsonpath={range .items[*]}{.metadata.name}|{.message}{"\\n"}{end}']))
      .trim()
      .split('\n')
      .map((line) => line.split('|'))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    const steps = recorded.map(([, message]) => message)
    expect([...shown].sort()).toEqual([...steps].sort())
    const second = (await ok(['get', 'deploy', 'api', '-o', 'jsonpath={.status.conditions[?(@.type=="Progressing")].message}'])).match(/ReplicaSet "(\S+)"/)![1]
    expect(steps[0]).toBe(`Scaled up replica set ${first} from 0 to 4`)
    // Replaying the steps: the two ReplicaSets never want more than 4 + maxSurge pods, nor fewer than 4 - maxUnavailable
    // (that the pods were also Ready at each step is proved by the integration test with a readiness watch).
    let [oldCount, newCount] = [4, 0]
    for (const step of steps.slice(1)) {
      const [, dir, rs, from, to] = step.match(/Scaled (up|down) replica set (\S+) from (\d+) to (\d+)/)!
      expect(rs === first ? oldCount : newCount).toBe(Number(from))
      if (rs === first) oldCount = Number(to)
      else newCount = Number(to)
      expect(oldCount + newCount).toBeLessThanOrEqual(5)
      if (dir === 'down') expect(oldCount + newCount).toBeGreaterThanOrEqual(3)
    }
    expect([oldCount, newCount]).toEqual([0, 4])
    expect(steps.some((s) => s.startsWith(`Scaled up replica set ${second} from 0 to`))).toBe(true)

    expect(await ok(['rollout', 'undo', 'deploy/api'])).toBe('deployment.apps/api rolled back\n')
    expect(await ok(['rollout', 'status', 'deploy/api', '--timeout=60s'])).toMatch(/deployment "api" successfully rolled out\n$/)
    expect(await ok(['get', 'deploy', 'api', '-o', 'jsonpath={.spec.template.spec.containers[0].image}'])).toBe('nginx:1.27')
    const back = rows(await ok(['get', 'rs', '-l', 'app=api']))
    expect(back.find((r) => r[0] === first)?.slice(1, 4)).toEqual(['4', '4', '4'])
    expect(back.find((r) => r[0] === second)?.slice(1, 4)).toEqual(['0', '0', '0'])
  })
})
