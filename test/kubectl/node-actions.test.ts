import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'
import { kubectlSteps, rc, rows } from './support/kubectl-steps'

/**
 * What a node goes through, driven by real kubectl 1.32 against a whole
 * headless cluster (instant clock): static pods and their mirror pods, a
 * Node object that starts a kubelet, and a node powered off until its pods
 * move. The tests run in order and share the cluster.
 */
describe.skipIf(!hasKubectl)('kubectl: node actions', () => {
  let k: KubectlHarness

  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })
  const { ok, runningWide } = kubectlSteps(() => k)

  it('a deleted mirror pod comes back: the static pod never stopped', async () => {
    const name = 'etcd-kubelab-control-plane'
    const uid = await ok(['-n', 'kube-system', 'get', 'pod', name, '-o', 'jsonpath={.metadata.uid}'])
    const containerID = await ok(['-n', 'kube-system', 'get', 'pod', name, '-o', 'jsonpath={.status.containerStatuses[0].containerID}'])
    // --wait=false: kubectl's wait looks for a pod of the name, and the mirror pod can be back
    // (a new uid) before its watch starts; it would then wait for that one to go.
    expect(await ok(['-n', 'kube-system', 'delete', 'pod', name, '--wait=false'])).toBe(`pod "${name}" deleted\n`)
    const back = await waitFor(async () => {
      const r = await k.run(['-n', 'kube-system', 'get', 'pod', name, '-o', 'jsonpath={.metadata.uid} {.status.phase} {.status.containerStatuses[0].containerID}'])
      const [u, phase, id] = r.stdout.split(' ')
      return r.code === 0 && u !== uid && phase === 'Running' ? id : undefined
    }, 'the mirror pod recreated', 30_000)
    // Same container: it was never restarted.
    expect(back).toBe(containerID)
    const text = await ok(['-n', 'kube-system', 'describe', 'pod', name])
    expect(text).toMatch(/^Controlled By:\s+Node\/kubelab-control-plane$/m)
    expect(text).toMatch(/^\s+kubernetes\.io\/config\.source: file$/m)
  })

  it('creating a Node starts a kubelet for it (Ready, with its own IP and podCIDR); deleting it stops it', async () => {
    expect(await ok(['create', '-f', '-'], 'apiVersion: v1\nkind: Node\nmetadata:\n  name: kubelab-worker4\n')).toBe('node/kubelab-worker4 created\n')
    expect(await ok(['wait', '--for=condition=Ready', 'node/kubelab-worker4', '--timeout=60s'])).toBe('node/kubelab-worker4 condition met\n')
    const wide = await ok(['get', 'nodes', '-o', 'wide'])
    expect(wide.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION\s+INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME$/)
    expect(wide).toMatch(/^kubelab-control-plane\s+Ready\s+control-plane\s+\S+\s+v1\.32\.\d+\s+172\.18\.0\.2\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+\S+\s+containerd:\/\/\S+$/m)
    expect(wide).toMatch(/^kubelab-worker4\s+Ready\s+<none>\s+\S+\s+v1\.32\.\d+\s+172\.18\.0\.6\s+<none>\s+Debian GNU\/Linux 12 \(bookworm\)\s+\S+\s+containerd:\/\/\S+$/m)
    const text = await ok(['describe', 'node', 'kubelab-worker4'])
    expect(text).toMatch(/^PodCIDR:\s+10\.244\.\d+\.0\/24$/m)
    expect(text).toMatch(/^\s+Normal\s+RegisteredNode\s+.+node-controller\s+Node kubelab-worker4 event: Registered Node kubelab-worker4 in Controller$/m)
    expect(text).toMatch(/^\s+Normal\s+Starting\s+.+kubelet\s+Starting kubelet\.$/m)
    // A DaemonSet pod follows the new node.
    await waitFor(async () => /^kube-proxy-[a-z0-9]{5}\s+1\/1\s+Running\s.*\skubelab-worker4\s/m.test(await ok(['-n', 'kube-system', 'get', 'pods', '-o', 'wide'])), 'kube-proxy on worker4', 30_000)

    expect(await ok(['delete', 'node', 'kubelab-worker4'])).toBe('node "kubelab-worker4" deleted\n')
    expect((await k.run(['get', 'node', 'kubelab-worker4'])).stderr).toBe('Error from server (NotFound): nodes "kubelab-worker4" not found\n')
    // The kubelet stopped: nothing registers the node again.
    await k.cluster.clock.sleep(60_000)
    expect((await k.run(['get', 'node', 'kubelab-worker4'])).code).toBe(1)
  })

  it('powering a node off (sim.kubelab.dev/power=off): NotReady, tainted, and its RC pods move after 300 s', async () => {
    expect(await ok(['apply', '-f', '-'], rc)).toBe('replicationcontroller/web created\n')
    await ok(['scale', 'rc', 'web', '--replicas=6'])
    const before = await runningWide('web', 6)
    const node = 'kubelab-worker3'
    const stranded = before.filter((r) => r[6] === node).map((r) => r[0])
    expect(stranded.length).toBeGreaterThan(0)

    expect(await ok(['annotate', 'node', node, 'sim.kubelab.dev/power=off'])).toBe(`node/${node} annotated\n`)
    const offAt = k.cluster.clock.now()
    await waitFor(async () => new RegExp(`^${node}\\s+NotReady\\s`, 'm').test(await ok(['get', 'nodes'])), `${node} NotReady`, 30_000)
    const text = await waitFor(async () => {
      const out = await ok(['describe', 'node', node])
      return /NoExecute/.test(out) && /NoSchedule/.test(out) ? out : undefined
    }, 'taints', 30_000)
    expect(text).toMatch(new RegExp(`^Taints:\\s+node\\.kubernetes\\.io/unreachable:NoExecute\\n\\s+node\\.kubernetes\\.io/unreachable:NoSchedule$`, 'm'))
    expect(text).toMatch(/^\s+Ready\s+Unknown\s+.+NodeStatusUnknown\s+Kubelet stopped posting node status\.$/m)
    expect(text).toMatch(new RegExp(`^\\s+Normal\\s+NodeNotReady\\s+.+node-controller\\s+Node ${node} status is now: NodeNotReady$`, 'm'))

    // The pods tolerate unreachable for 300 s, then are evicted and replaced on the other workers.
    const moved = await waitFor(async () => {
      const table = rows(await ok(['get', 'pods', '-l', 'app=web', '-o', 'wide']))
      const running = table.filter((r) => r[2] === 'Running')
      return running.length === 6 && running.every((r) => r[6] !== node) ? table : undefined
    }, 'six web pods off the powered-off node', 30_000)
    expect(k.cluster.clock.now() - offAt).toBeGreaterThanOrEqual(300_000)
    // The old ones wait for their kubelet to confirm, as on a real cluster.
    for (const name of stranded) expect(moved.find((r) => r[0] === name)?.[2]).toBe('Terminating')
    const evicted = await ok(['describe', 'pod', stranded[0]])
    expect(evicted).toMatch(/^Tolerations:\s+node\.kubernetes\.io\/not-ready:NoExecute op=Exists for 300s\n\s+node\.kubernetes\.io\/unreachable:NoExecute op=Exists for 300s$/m)
    expect(evicted).toMatch(/^\s+Warning\s+NodeNotReady\s+.+node-controller\s+Node is not ready$/m)
    expect(evicted).toMatch(new RegExp(`^\\s+Normal\\s+TaintManagerEviction\\s+.+taint-eviction-controller\\s+Marking for deletion Pod default/${stranded[0]}$`, 'm'))
    expect(await ok(['get', 'pod', stranded[0], '-o', 'jsonpath={.status.conditions[?(@.type=="DisruptionTarget")].reason}'])).toBe('DeletionByTaintManager')

    expect(await ok(['annotate', 'node', node, 'sim.kubelab.dev/power=on', '--overwrite'])).toBe(`node/${node} annotated\n`)
    await waitFor(async () => new RegExp(`^${node}\\s+Ready\\s`, 'm').test(await ok(['get', 'nodes'])), `${node} Ready again`, 30_000)
    // Back, its kubelet finishes the deletions it missed.
    await waitFor(async () => rows(await ok(['get', 'pods', '-l', 'app=web'])).length === 6, 'the stranded pods gone', 30_000)
  })
})
