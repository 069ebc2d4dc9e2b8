import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

const ds = `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  selector:
    matchLabels:
      app: agent
  template:
    metadata:
      labels:
        app: agent
    spec:
      containers:
      - name: agent
        image: nginx:1.26
`

/** A DaemonSet's history as kubectl reads and restores it: one ControllerRevision per template. */
describe.skipIf(!hasKubectl)('kubectl: DaemonSet rollout history and undo', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness()
  })
  afterAll(async () => {
    await k?.stop()
  })

  const ok = async (args: string[], stdin?: string): Promise<string> => {
    const r = await k.run(args, stdin)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    return r.stdout
  }
  const rows = (out: string): string[][] => out.trimEnd().split('\n').map((l) => l.trim().split(/\s+/))
  const images = async (): Promise<string[]> =>
    (await ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={range .items[*]}{.spec.containers[0].image}{"\\n"}{end}'])).trimEnd().split('\n')

  it('set image rolls every node\'s pod; rollout history lists both templates; undo restores the first as revision 3', async () => {
    expect(await ok(['apply', '-f', '-'], ds)).toBe('daemonset.apps/agent created\n')
    expect(await ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])).toContain('daemon set "agent" successfully rolled out')
    const first = rows(await ok(['get', 'controllerrevisions', '-l', 'app=agent']))
    expect(first[0]).toEqual(['NAME', 'CONTROLLER', 'REVISION', 'AGE'])
    expect(first.slice(1).map((r) => [r[1], r[2]])).toEqual([['daemonset.apps/agent', '1']])
    // The revision is named for the hash the pods carry.
    const hash = await ok(['get', 'pods', '-l', 'app=agent', '-o', 'jsonpath={.items[0].metadata.labels.controller-revision-hash}'])
    expect(first[1][0]).toBe(`agent-${hash}`)

    await ok(['set', 'image', 'ds/agent', 'agent=nginx:1.27'])
    await ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])
    expect(new Set(await images())).toEqual(new Set(['nginx:1.27']))
    const history = rows(await ok(['rollout', 'history', 'ds/agent']))
    expect(history[0]).toEqual(['daemonset.apps/agent'])
    expect(history.slice(2).map((r) => r[0])).toEqual(['1', '2'])
    expect(await ok(['rollout', 'history', 'ds/agent', '--revision=1'])).toMatch(/^\s+Image:\s+nginx:1\.26$/m)

    expect(await ok(['rollout', 'undo', 'ds/agent'])).toBe('daemonset.apps/agent rolled back\n')
    await ok(['rollout', 'status', 'ds/agent', '--timeout=60s'])
    expect(new Set(await images())).toEqual(new Set(['nginx:1.26']))
    const after = rows(await ok(['get', 'controllerrevisions', '-l', 'app=agent', '--sort-by=.revision']))
    expect(after.slice(1).map((r) => r[2])).toEqual(['2', '3'])
    expect(after[2][0]).toBe(`agent-${hash}`)
  })
})
