import { CoreV1Api, KubeConfig, Watch } from '@kubernetes/client-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { waitFor } from '../support/wait'
import { startKubectlHarness, type KubectlHarness } from './support/kubectl'

interface Seen {
  type: string
  name?: string
  resourceVersion?: string
}

/**
 * client-node 1.x Watch with allowWatchBookmarks and timeoutSeconds, on a
 * manual clock: the events after the resourceVersion it starts from, the
 * BOOKMARK the watch cache sends 2 s before the timeout (with the last
 * event's resourceVersion, from which a client resumes), then the end.
 */
describe('@kubernetes/client-node Watch: resourceVersion, bookmarks, timeoutSeconds', () => {
  let k: KubectlHarness
  let kc: KubeConfig
  let core: CoreV1Api

  beforeAll(async () => {
    k = await startKubectlHarness({ clock: 'manual', components: [] })
    kc = new KubeConfig()
    kc.loadFromFile(k.kubeconfig)
    core = kc.makeApiClient(CoreV1Api)
  }, 60_000)
  afterAll(async () => {
    await k?.stop()
  })

  it('replays from the list, sends a bookmark 2 s before the timeout, then ends', async () => {
    const list = await core.listNamespacedConfigMap({ namespace: 'default' })
    const seen: Seen[] = []
    let done: unknown = 'open'
    await new Watch(kc).watch(
      '/api/v1/namespaces/default/configmaps',
      { resourceVersion: list.metadata!.resourceVersion, allowWatchBookmarks: true, timeoutSeconds: 10 },
      (type, obj: { metadata?: { name?: string; resourceVersion?: string } }) => seen.push({ type, name: obj.metadata?.name, resourceVersion: obj.metadata?.resourceVersion }),
      (err) => (done = err ?? null)
    )
    const created = await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'watched' } } })
    await waitFor(() => seen.length === 1, 'the ADDED event')
    expect(seen).toEqual([{ type: 'ADDED', name: 'watched', resourceVersion: created.metadata!.resourceVersion }])

    // Nothing at 7 s; the bookmark at 8 s; the end at 10 s.
    await k.cluster.clock.step(7_000)
    expect(seen).toHaveLength(1)
    await k.cluster.clock.step(1_000)
    await waitFor(() => seen.length === 2, 'the pre-timeout BOOKMARK')
    expect(seen[1]).toEqual({ type: 'BOOKMARK', name: undefined, resourceVersion: created.metadata!.resourceVersion })
    expect(done).toBe('open')
    await k.cluster.clock.step(2_000)
    await waitFor(() => done !== 'open', 'the watch to end at its timeout')
    expect(done).toBeNull()
    expect(seen).toHaveLength(2)
  })
})
