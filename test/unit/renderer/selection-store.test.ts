/**
 * The selection store reads a pod whole: its lists and deltas carry only what
 * the views draw of its spec (main/ipc/for-renderer.ts), so the selected pod's
 * spec comes from `objects/get`, and everything else from the store, as live
 * as the canvas. Other kinds are the store's objects as they are.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { setApi, useObjectsStore, useSelectionStore } from './lessons-modules'
import type { Calls, KubelabApi, KubeObject, WatchDelta } from '../../../preload/contract'

const wholeSpec = { nodeName: 'kubelab-worker', containers: [{ name: 'web', image: 'nginx', terminationMessagePath: '/dev/termination-log' }], tolerations: [{ operator: 'Exists' }] }
const listedSpec = { nodeName: 'kubelab-worker', containers: [{ name: 'web', image: 'nginx' }] }
const pod = (rv: number, spec: object, phase = 'Running'): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', uid: 'u1', resourceVersion: String(rv) }, spec, status: { phase } })
const service: KubeObject = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default', uid: 's1', resourceVersion: '3' }, spec: { ports: [{ port: 80 }] } }

describe('useSelectionStore', () => {
  let gets: string[]
  let deltas: (batch: { revision: number; deltas: WatchDelta[] }) => void
  let frames: Array<() => void>

  beforeEach(async () => {
    setActivePinia(createPinia())
    gets = []
    frames = []
    const api: KubelabApi = {
      async call(channel, ...args) {
        if (channel === 'resources/list') return [{ group: '', version: 'v1', kind: 'Pod', plural: 'pods', namespaced: true, shortNames: [], scalable: false }] as never
        if (channel === 'objects/list') {
          const { gvr } = args[0] as Calls['objects/list']['args'][0]
          return { resourceVersion: '5', items: gvr.resource === 'pods' ? [pod(5, listedSpec)] : gvr.resource === 'services' ? [service] : [] } as never
        }
        if (channel === 'objects/get') {
          const ref = args[0] as Calls['objects/get']['args'][0]
          gets.push(`${ref.gvr.resource}/${ref.namespace}/${ref.name}`)
          return pod(Number(useObjectsStore().find({ resource: 'pods', namespace: 'default', name: 'web-0' })?.metadata.resourceVersion), wholeSpec) as never
        }
        throw new Error(`unexpected ${channel}`)
      },
      on(channel, listener) {
        if (channel === 'watch/deltas') deltas = listener as typeof deltas
        return () => {}
      }
    }
    setApi(api)
    await useObjectsStore().hydrate(api, { frame: (cb) => void frames.push(cb) })
  })

  const settle = async (): Promise<void> => {
    for (let i = 0; i < 5; i++) await Promise.resolve()
  }

  it('shows the selected pod whole: its spec fetched, its status live from the store', async () => {
    const selection = useSelectionStore()
    selection.select({ resource: 'pods', namespace: 'default', name: 'web-0' })
    await settle()
    expect(gets).toEqual(['pods/default/web-0'])
    expect(selection.object?.spec).toEqual(wholeSpec)

    // A status write reaches the store: the inspector shows it at once, with the whole spec, and fetches again.
    deltas({ revision: 6, deltas: [{ type: 'MODIFIED', resource: 'pods', object: pod(6, listedSpec, 'Failed') }] })
    frames.splice(0).forEach((f) => f())
    expect(selection.object?.status).toEqual({ phase: 'Failed' })
    expect(selection.object?.spec).toEqual(wholeSpec)
    await settle()
    expect(gets).toHaveLength(2)
  })

  it('reads other kinds from the store, and nothing once the selection is gone', async () => {
    const selection = useSelectionStore()
    selection.select({ resource: 'services', namespace: 'default', name: 'web' })
    await settle()
    expect(selection.object).toBe(useObjectsStore().find({ resource: 'services', namespace: 'default', name: 'web' }))
    expect(gets).toEqual([])
    selection.select(null)
    expect(selection.object).toBeUndefined()
  })
})
