import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasKubectl, startKubectlHarness, type KubectlHarness } from './support/kubectl'

/**
 * `kubectl get componentstatuses` (cs), as older introductions use it: the
 * deprecation warning, the server-side Table (Name, Status, Message, Error),
 * the object, 404 for an unknown component, and no verbs beyond get and list.
 */
describe.skipIf(!hasKubectl)('kubectl get componentstatuses', () => {
  let k: KubectlHarness
  beforeAll(async () => {
    k = await startKubectlHarness({ components: [] })
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('lists the control plane as Healthy, with the deprecation warning', async () => {
    const r = await k.run(['get', 'cs'])
    expect(r.code).toBe(0)
    expect(r.stderr).toBe('Warning: v1 ComponentStatus is deprecated in v1.19+\n')
    const lines = r.stdout.split('\n').filter(Boolean).map((l) => l.trim().split(/\s+/).join(' '))
    expect(lines[0]).toBe('NAME STATUS MESSAGE ERROR')
    expect(lines.slice(1).sort()).toEqual(['controller-manager Healthy ok', 'etcd-0 Healthy ok', 'scheduler Healthy ok'])
  })

  it('gets one as the apiserver serves it, 404 for others, and refuses writes and watches', async () => {
    const cs = JSON.parse((await k.run(['get', 'componentstatus', 'etcd-0', '-o', 'json'])).stdout)
    expect(cs).toEqual({
      apiVersion: 'v1',
      kind: 'ComponentStatus',
      metadata: { name: 'etcd-0', creationTimestamp: null },
      conditions: [{ type: 'Healthy', status: 'True', message: 'ok' }]
    })
    const missing = await k.run(['get', 'cs', 'nope'])
    expect(missing.stderr).toContain('Error from server (NotFound): componentstatuses "nope" not found')
    const del = await k.run(['delete', 'cs', 'scheduler'])
    expect(del.stderr).toContain('(MethodNotAllowed)')
    const resources = (await k.run(['api-resources', '--api-group=', '--no-headers'])).stdout
    expect(resources).toMatch(/^componentstatuses\s+cs\s+v1\s+false\s+ComponentStatus$/m)
  })
})
