import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Pod } from 'kubernetes-types/core/v1'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { waitFor } from '../support/wait'

const rc = (name: string, replicas: number): string => `apiVersion: v1
kind: ReplicationController
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        volumeMounts:
        - name: scratch
          mountPath: /scratch
      volumes:
      - name: scratch
        emptyDir: {}
`

const pdb = (name: string, bound: string): string => `apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: ${name}
spec:
  ${bound}
  selector:
    matchLabels:
      app: ${name}
`

/** kubectl cordon, uncordon and drain (through pods/eviction, honouring PodDisruptionBudgets) against a whole headless cluster. */
describe.skipIf(!hasKubectl)('kubectl drain and PodDisruptionBudgets', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  const podsGVR = { group: '', version: 'v1', resource: 'pods' }

  /** Running and Ready pods carrying app=<app>, once there are n of them. */
  async function readyPods(app: string, n: number): Promise<Pod[]> {
    return waitFor(async () => {
      const list = await k.cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: `app=${app}` })
      const ready = list.items.filter((p) => !p.metadata?.deletionTimestamp && p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
      return ready.length === n && list.items.length === n ? ready : undefined
    }, `${n} ready pods of ${app}`, 20_000)
  }

  it('cordon and uncordon', async () => {
    expect(await k.run(['cordon', 'kubelab-worker3'])).toMatchObject({ code: 0, stdout: 'node/kubelab-worker3 cordoned\n' })
    const nodes = await k.run(['get', 'nodes'])
    expect(nodes.stdout).toMatch(/^kubelab-worker3\s+Ready,SchedulingDisabled\s+<none>\s+/m)
    expect(await k.run(['cordon', 'kubelab-worker3'])).toMatchObject({ code: 0, stdout: 'node/kubelab-worker3 already cordoned\n' })
    expect(await k.run(['uncordon', 'kubelab-worker3'])).toMatchObject({ code: 0, stdout: 'node/kubelab-worker3 uncordoned\n' })
    expect((await k.run(['get', 'node', 'kubelab-worker3', '-o', 'jsonpath={.spec.unschedulable}'])).stdout).toBe('')
  })

  it('get and describe a PodDisruptionBudget', async () => {
    expect((await k.run(['apply', '-f', '-'], rc('web', 3))).stdout).toBe('replicationcontroller/web created\n')
    expect((await k.run(['apply', '-f', '-'], pdb('web', 'minAvailable: 2'))).stdout).toBe('poddisruptionbudget.policy/web created\n')
    await readyPods('web', 3)
    const got = await waitFor(async () => {
      const r = await k.run(['get', 'pdb'])
      return /^web\s+2\s+N\/A\s+1\s+\S+$/m.test(r.stdout) ? r : undefined
    }, 'pdb web allowing one disruption', 20_000)
    expect(got.stdout.split('\n')[0]).toMatch(/^NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE$/)
    const described = await k.run(['describe', 'pdb', 'web'])
    expect(described.code).toBe(0)
    expect(described.stdout).toMatch(/^Name:\s+web$/m)
    expect(described.stdout).toMatch(/^Namespace:\s+default$/m)
    expect(described.stdout).toMatch(/^Min available:\s+2$/m)
    expect(described.stdout).toMatch(/^Selector:\s+app=web$/m)
    expect(described.stdout).toMatch(/^Status:\n\s+Allowed disruptions:\s+1\n\s+Current:\s+3\n\s+Desired:\s+2\n\s+Total:\s+3$/m)
  })

  it('create pdb (a protobuf body), api-resources, and the real validation messages', async () => {
    expect((await k.run(['create', 'pdb', 'half', '--selector=app=half', '--min-available=50%'])).stdout).toBe('poddisruptionbudget.policy/half created\n')
    const created = JSON.parse((await k.run(['get', 'pdb', 'half', '-o', 'json'])).stdout)
    expect(created.spec).toEqual({ minAvailable: '50%', selector: { matchLabels: { app: 'half' } } })
    expect(created.metadata.generation).toBe(1)
    expect((await k.run(['api-resources', '--api-group=policy'])).stdout).toMatch(/^poddisruptionbudgets\s+pdb\s+policy\/v1\s+true\s+PodDisruptionBudget$/m)
    const both = await k.run(['apply', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: bad\nspec:\n  minAvailable: 1\n  maxUnavailable: 1\n')
    expect(both.code).toBe(1)
    expect(both.stderr).toBe(
      'The PodDisruptionBudget "bad" is invalid: spec: Invalid value: policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc000010000), Selector:(*v1.LabelSelector)(nil), MaxUnavailable:(*intstr.IntOrString)(0xc000010020), UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: minAvailable and maxUnavailable cannot be both set\n'
    )
    const over = await k.run(['apply', '-f', '-'], 'apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: bad\nspec:\n  minAvailable: 150%\n')
    expect(over.stderr).toBe('The PodDisruptionBudget "bad" is invalid: spec.minAvailable: Invalid value: intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%\n')
    expect((await k.run(['delete', 'pdb', 'half'])).stdout).toBe('poddisruptionbudget.policy "half" deleted\n')
  })

  it('drain evicts the node\'s RC pods (they come back elsewhere) and skips DaemonSet pods', async () => {
    const before = await readyPods('web', 3)
    // Drain the node holding the most pods of web.
    const byNode = new Map<string, number>()
    for (const p of before) byNode.set(p.spec!.nodeName!, (byNode.get(p.spec!.nodeName!) ?? 0) + 1)
    const node = [...byNode.entries()].sort((a, b) => b[1] - a[1])[0][0]
    const onNode = before.filter((p) => p.spec?.nodeName === node).map((p) => p.metadata!.name!)
    const r = await k.run(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--timeout=60s'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(`node/${node} cordoned\n`)
    for (const name of onNode) expect(r.stdout).toContain(`pod/${name} evicted\n`)
    expect(r.stdout).toMatch(new RegExp(`node/${node} drained\\n$`))
    expect(r.stderr).toMatch(new RegExp(`^Warning: ignoring DaemonSet-managed Pods: kube-system/kube-proxy-[a-z0-9]{5}`, 'm'))
    const after = await readyPods('web', 3)
    for (const p of after) expect(p.spec?.nodeName).not.toBe(node)
    // The DaemonSet pod stayed on the drained node.
    const proxies = await k.cluster.client.resource<Pod>(podsGVR).list('kube-system', { fieldSelector: `spec.nodeName=${node}` })
    expect(proxies.items.some((p) => p.metadata?.name?.startsWith('kube-proxy-'))).toBe(true)
    expect((await k.run(['uncordon', node])).stdout).toBe(`node/${node} uncordoned\n`)
  })

  it('a drain blocked by a PodDisruptionBudget retries, reports the budget and gives up at --timeout', async () => {
    expect((await k.run(['apply', '-f', '-'], rc('db', 2))).stdout).toBe('replicationcontroller/db created\n')
    expect((await k.run(['apply', '-f', '-'], pdb('db', 'maxUnavailable: 0'))).stdout).toBe('poddisruptionbudget.policy/db created\n')
    const pods = await readyPods('db', 2)
    await waitFor(async () => /^db\s+N\/A\s+0\s+0\s+/m.test((await k.run(['get', 'pdb', 'db'])).stdout), 'pdb db synced', 20_000)
    const node = pods[0].spec!.nodeName!
    const victim = pods.find((p) => p.spec?.nodeName === node)!.metadata!.name!
    const r = await k.run(['drain', node, '--ignore-daemonsets', '--delete-emptydir-data', '--pod-selector=app=db', '--timeout=7s'])
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`error when evicting pods/"${victim}" -n "default" (will retry after 5s): Cannot evict pod as it would violate the pod's disruption budget.`)
    expect(r.stderr).toMatch(/global timeout reached: 7s/)
    // Nothing was evicted.
    expect((await k.cluster.client.resource<Pod>(podsGVR).get('default', victim)).metadata?.deletionTimestamp).toBeUndefined()
    await k.run(['uncordon', node])
  })
})
