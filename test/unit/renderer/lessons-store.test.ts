/**
 * The lessons store: checks re-evaluated as watch deltas reach the objects
 * store, a step latched done when its check passes, actions through the
 * contract's calls, and Reset deleting what the lesson's applies created.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import type { ApplyResult, Calls, CallChannel, EventChannel, Events, KubelabApi, KubeObject } from '../../../preload/contract'
import { setApi, useLessonsStore, useObjectsStore, useSelectionStore, useTraceStore } from './lessons-modules'
import { defaultNodes, endpoints, pod, rc, service } from './lessons-fixtures'

const withRv = (o: KubeObject, rv: number): KubeObject => ({ ...o, metadata: { ...o.metadata, resourceVersion: String(rv) } })

/** A main process stand-in: empty lists but the nodes, deltas pushed by the test, and every call recorded. */
function fakeApi() {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<{ channel: CallChannel; arg: unknown }> = []
  let applyResults: ApplyResult[] = []
  const api: KubelabApi = {
    async call(channel, ...args) {
      calls.push({ channel, arg: args[0] })
      if (channel === 'resources/list') return [] as never
      if (channel === 'objects/list') {
        const { gvr } = args[0] as Calls['objects/list']['args'][0]
        return { resourceVersion: '1', items: gvr.resource === 'nodes' ? defaultNodes().map((n) => withRv(n, 1)) : [] } as never
      }
      if (channel === 'objects/apply') return applyResults as never
      if (channel === 'objects/delete') {
        const { name } = args[0] as Calls['objects/delete']['args'][0]
        if (name === 'gone') throw Object.assign(new Error('services "gone" not found'), { status: { code: 404 } })
        return {} as never
      }
      if (channel === 'network/trace') return { verdict: 'Delivered', reason: 'delivered to default/frontend-a:80', hops: [], places: [], culprits: [] } as never
      return {} as never
    },
    on(channel, listener) {
      const set = listeners.get(channel) ?? new Set()
      set.add(listener as (p: unknown) => void)
      listeners.set(channel, set)
      return () => set.delete(listener as (p: unknown) => void)
    }
  }
  const push = <E extends EventChannel>(channel: E, payload: Events[E]): void => {
    for (const l of listeners.get(channel) ?? []) l(payload)
  }
  return { api, push, calls, setApplyResults: (r: ApplyResult[]) => (applyResults = r) }
}

describe('useLessonsStore', () => {
  let frames: Array<() => void>
  const frame = (cb: () => void): void => void frames.push(cb)
  const runFrame = (): void => frames.splice(0).forEach((f) => f())

  beforeEach(() => {
    setActivePinia(createPinia())
    frames = []
  })

  async function start() {
    const fake = fakeApi()
    setApi(fake.api)
    await useObjectsStore().hydrate(fake.api, { frame })
    return { ...fake, lessons: useLessonsStore() }
  }

  it('re-evaluates the current step as deltas arrive and latches it done', async () => {
    const { push, lessons } = await start()
    lessons.open('guestbook')
    expect(lessons.step?.id).toBe('redis-master')
    expect(lessons.results[0]).toEqual({ done: false, reason: 'no ReplicationController redis-master in default yet' })
    push('watch/deltas', {
      revision: 5,
      deltas: [
        { type: 'ADDED', resource: 'replicationcontrollers', object: withRv(rc('redis-master', 1, { name: 'redis-master' }), 2) },
        { type: 'ADDED', resource: 'pods', object: withRv(pod('redis-master-x', { name: 'redis-master' }, { ready: false, phase: 'Pending' }), 3) },
        { type: 'ADDED', resource: 'services', object: withRv(service('redis-master', { name: 'redis-master' }, [{ port: 6379 }]), 4) }
      ]
    })
    runFrame()
    expect(lessons.results[0].reason).toBe('0 of 1 redis-master pod Ready')
    expect(lessons.isDone(0)).toBe(false)
    lessons.goTo(1)
    expect(lessons.current.step).toBe(0) // the next step opens only once this one is done

    push('watch/deltas', {
      revision: 7,
      deltas: [
        { type: 'MODIFIED', resource: 'pods', object: withRv(pod('redis-master-x', { name: 'redis-master' }), 6) },
        { type: 'ADDED', resource: 'endpoints', object: withRv(endpoints('redis-master', 1), 7) }
      ]
    })
    runFrame()
    await Promise.resolve()
    expect(lessons.results[0]).toEqual({ done: true, reason: 'Service redis-master has 1 ready endpoint' })
    expect(lessons.isDone(0)).toBe(true)

    // Done stays done when the cluster moves on (a later step may change what an earlier one made).
    push('watch/deltas', { revision: 8, deltas: [{ type: 'DELETED', resource: 'pods', object: withRv(pod('redis-master-x', { name: 'redis-master' }), 8) }] })
    runFrame()
    expect(lessons.results[0].done).toBe(false)
    expect(lessons.isDone(0)).toBe(true)
    lessons.goTo(1)
    expect(lessons.step?.id).toBe('redis-slave')
  })

  it('applies a step for the learner, records what it created, and Reset deletes it newest first', async () => {
    const { lessons, calls, setApplyResults } = await start()
    lessons.open('guestbook')
    const gvr = (resource: string) => ({ group: '', version: 'v1', resource })
    setApplyResults([
      { ok: true, action: 'created', gvr: gvr('replicationcontrollers'), object: { kind: 'ReplicationController', metadata: { name: 'redis-master', namespace: 'default' } } },
      { ok: true, action: 'unchanged', gvr: gvr('services'), object: { kind: 'Service', metadata: { name: 'redis-master', namespace: 'default' } } }
    ])
    expect(await lessons.applyStep()).toBe(true)
    const apply = calls.find((c) => c.channel === 'objects/apply')!.arg as { yaml: string }
    expect(apply.yaml).toContain('name: redis-master')
    expect(apply.yaml).not.toContain('redis-slave')
    expect(lessons.lastLines).toEqual(['replicationcontroller/redis-master created', 'service/redis-master unchanged'])
    expect(lessons.current.created).toEqual([{ gvr: gvr('replicationcontrollers'), namespace: 'default', name: 'redis-master' }])

    setApplyResults([
      { ok: true, action: 'created', gvr: gvr('services'), object: { kind: 'Service', metadata: { name: 'gone', namespace: 'default' } } },
      { ok: false, document: 2, kind: 'Pod', name: 'bad', message: 'Pod "bad" is invalid: spec.containers[0].image: Required value' }
    ])
    expect(await lessons.applyStep()).toBe(false)
    expect(lessons.error).toBe('Pod "bad" is invalid: spec.containers[0].image: Required value')
    expect(lessons.current.created.map((c) => c.name)).toEqual(['redis-master', 'gone'])

    await lessons.reset()
    const deletes = calls.filter((c) => c.channel === 'objects/delete').map((c) => c.arg as { name: string; propagationPolicy: string })
    expect(deletes.map((d) => d.name)).toEqual(['gone', 'redis-master'])
    expect(deletes.every((d) => d.propagationPolicy === 'Background')).toBe(true)
    expect(lessons.error).toBe('') // a 404 means it is gone already
    expect(lessons.current).toEqual({ step: 0, passed: [], created: [] })
  })

  it('after Reset, waits for the deletions to reach the stores before a step can pass again', async () => {
    const { push, lessons, setApplyResults } = await start()
    lessons.open('guestbook')
    const master = rc('redis-master', 1, { name: 'redis-master' })
    setApplyResults([{ ok: true, action: 'created', gvr: { group: '', version: 'v1', resource: 'replicationcontrollers' }, object: master }])
    await lessons.applyStep()
    push('watch/deltas', {
      revision: 5,
      deltas: [
        { type: 'ADDED', resource: 'replicationcontrollers', object: withRv(master, 2) },
        { type: 'ADDED', resource: 'pods', object: withRv(pod('redis-master-x', { name: 'redis-master' }), 3) },
        { type: 'ADDED', resource: 'services', object: withRv(service('redis-master', { name: 'redis-master' }, [{ port: 6379 }]), 4) },
        { type: 'ADDED', resource: 'endpoints', object: withRv(endpoints('redis-master', 1), 5) }
      ]
    })
    runFrame()
    await Promise.resolve()
    expect(lessons.isDone(0)).toBe(true)

    const resetting = lessons.reset()
    await new Promise((r) => setTimeout(r, 0))
    // The RC is deleted but its DELETED event has not arrived: the old objects still pass the check, and must not count.
    expect(lessons.results[0].done).toBe(true)
    expect(lessons.isDone(0)).toBe(false)
    expect(lessons.busy).toBe('Resetting…')
    push('watch/deltas', { revision: 6, deltas: [{ type: 'DELETED', resource: 'replicationcontrollers', object: withRv(master, 6) }] })
    runFrame()
    await resetting
    expect(lessons.busy).toBe('')
    expect(lessons.results[0]).toEqual({ done: false, reason: 'no ReplicationController redis-master in default yet' })
    expect(lessons.isDone(0)).toBe(false)
  })

  it('runs a trace action, keeps its answer for the step, and shows its source pod', async () => {
    const { lessons, calls } = await start()
    lessons.open('guestbook')
    // The visitor step's action is formed from the nodes the store holds.
    const visit = lessons.lesson!.steps[3]
    expect(await lessons.perform('Trace a visitor', visit.actions![0].action)).toBe(true)
    expect(calls.find((c) => c.channel === 'network/trace')?.arg).toEqual({ source: { external: true }, destination: { address: '172.18.0.3', port: 30001 }, protocol: 'TCP' })
    expect(lessons.context.traces).toHaveLength(1)
    expect(lessons.context.traces[0].step).toBe('guestbook/redis-master') // the step that was current ran it
    // It went through the trace store (the inspector's Trace tab and the canvas show it), from the node it enters by.
    expect(useTraceStore()).toMatchObject({ sourceKind: 'external', destination: '172.18.0.3', port: 30001, opened: 1 })
    expect(useTraceStore().answer?.verdict).toBe('Delivered')
    expect(useSelectionStore().selected).toEqual({ resource: 'nodes', name: 'kubelab-worker' })
    // An action that cannot be formed yet says why, and calls nothing.
    lessons.open('broken-service')
    const before = calls.length
    expect(await lessons.perform('Trace', lessons.lesson!.steps[1].actions![0].action)).toBe(false)
    expect(lessons.error).toBe('the client pod is not Ready yet')
    expect(calls.length).toBe(before)
    expect(lessons.context.traces).toHaveLength(0) // traces belong to their lesson
  })

  it('keeps progress across reloads in the storage it is given', async () => {
    const { lessons } = await start()
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    lessons.hydrate(storage)
    lessons.open('scale-rc')
    setActivePinia(createPinia())
    const again = useLessonsStore()
    again.hydrate(storage)
    expect(again.activeId).toBe('scale-rc')
    again.hydrate({ getItem: () => '{broken', setItem: () => {} })
    expect(again.activeId).toBe('scale-rc')
  })
})
