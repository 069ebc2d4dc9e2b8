/**
 * The lessons store draws what main reports: the lessons as data, progress
 * and the open step's check from lessons/* answers and `lessons/report`
 * pushes (it computes no check). It runs a step's buttons through the
 * contract: manifests and Reset through lessons/apply and lessons/reset,
 * actions that depend on the cluster resolved by lessons/action, traces
 * through the trace store (canvas and inspector) and then lessons/trace.
 */
import { beforeEach, describe, expect, it } from 'vitest'
import { createPinia, setActivePinia } from 'pinia'
import { lessonInfo } from '../../../main/cluster/scenarios/info'
import { lessons as definitions } from '../../../main/cluster/scenarios/index'
import type { ApplyResult, Calls, CallChannel, EventChannel, Events, KubelabApi, LessonsState } from '../../../preload/contract'
import { setApi, useLessonsStore, useObjectsStore, useSelectionStore, useTraceStore } from './lessons-modules'
import { defaultNodes } from '../scenarios/fixtures'

type Answers = { [C in CallChannel]?: (arg: Calls[C]['args'][0]) => Calls[C]['result'] }

/** A main process stand-in: the real lessons as data, answers the test sets, pushes it makes, every call recorded. */
function fakeMain() {
  const listeners = new Map<string, Set<(p: unknown) => void>>()
  const calls: Array<{ channel: CallChannel; arg: unknown }> = []
  let state: LessonsState = { active: '', progress: {}, resetting: false }
  const answers: Answers = {
    'lessons/list': () => definitions.map((l) => lessonInfo(l, '/tmp/lab')),
    'lessons/state': () => state,
    'lessons/start': ({ id }) => (state = { ...state, active: id, check: { lessonId: id, step: 'redis-master', done: false, reason: 'no ReplicationController redis-master in default yet' } }),
    'lessons/close': () => (state = { ...state, active: '' }),
    'lessons/advance': ({ step }) => (state = { ...state, progress: { ...state.progress, [state.active]: { ...state.progress[state.active], step } } }),
    'objects/list': ({ gvr }) => ({ resourceVersion: '1', items: gvr.resource === 'nodes' ? defaultNodes().map((n) => ({ ...n, metadata: { ...n.metadata, resourceVersion: '1' } })) : [] }),
    'resources/list': () => [],
    'network/trace': () => ({ verdict: 'Delivered', reason: 'delivered to default/frontend-a:80', hops: [], places: [], culprits: [] }),
    'lessons/trace': () => ({ verdict: 'Delivered', reason: 'delivered to default/frontend-a:80', hops: [] })
  }
  const api: KubelabApi = {
    async call(channel, ...args) {
      calls.push({ channel, arg: args[0] })
      const answer = answers[channel] as ((a: unknown) => unknown) | undefined
      return (answer ? answer(args[0]) : {}) as never
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
  return { api, push, calls, answers, report: (s: LessonsState) => push('lessons/report', (state = s)) }
}

describe('useLessonsStore', () => {
  beforeEach(() => setActivePinia(createPinia()))

  async function start(storage?: { getItem(k: string): string | null; setItem(k: string, v: string): void }) {
    const main = fakeMain()
    setApi(main.api)
    await useObjectsStore().hydrate(main.api, { frame: (cb: () => void) => void cb() })
    const lessons = useLessonsStore()
    await lessons.hydrate(storage)
    return { ...main, lessons }
  }

  it('shows the check main reports at its step, and the tick once main latched it', async () => {
    const { lessons, report, calls } = await start()
    expect(lessons.lessons.map((l) => l.id)).toEqual(['guestbook', 'scale-rc', 'node-down', 'hpa', 'pv-pvc', 'static-pods', 'namespaces', 'broken-service'])
    await lessons.open('guestbook')
    expect(calls.filter((c) => c.channel === 'lessons/start').at(-1)?.arg).toEqual({ id: 'guestbook' })
    expect(lessons.results[0]).toEqual({ done: false, reason: 'no ReplicationController redis-master in default yet' })
    await lessons.goTo(1)
    expect(calls.some((c) => c.channel === 'lessons/advance')).toBe(false) // the next step opens only once this one is done

    report({ active: 'guestbook', progress: { guestbook: { step: 0, passed: ['redis-master'] } }, check: { lessonId: 'guestbook', step: 'redis-master', done: true, reason: 'Service redis-master has 1 ready endpoint' }, resetting: false })
    expect(lessons.results[0]).toEqual({ done: true, reason: 'Service redis-master has 1 ready endpoint' })
    expect(lessons.isDone(0)).toBe(true)
    // A check reported for another lesson or step is not shown here.
    report({ active: 'guestbook', progress: { guestbook: { step: 0, passed: ['redis-master'] } }, check: { lessonId: 'hpa', step: 'deploy', done: false, reason: 'x' }, resetting: false })
    expect(lessons.results[0]).toBeUndefined()
    expect(lessons.isDone(0)).toBe(true)
    await lessons.next()
    expect(calls.at(-1)).toEqual({ channel: 'lessons/advance', arg: { id: 'guestbook', step: 1 } })
    expect(lessons.step?.id).toBe('redis-slave')
  })

  it('applies a step through main, in kubectl words, and Reset is main’s', async () => {
    const { lessons, calls, answers } = await start()
    await lessons.open('guestbook')
    const gvr = (resource: string) => ({ group: '', version: 'v1', resource })
    const results: ApplyResult[] = [
      { ok: true, action: 'created', gvr: gvr('replicationcontrollers'), object: { kind: 'ReplicationController', metadata: { name: 'redis-master', namespace: 'default' } } },
      { ok: false, document: 2, kind: 'Pod', name: 'bad', message: 'Pod "bad" is invalid: spec.containers[0].image: Required value' }
    ]
    answers['lessons/apply'] = () => results
    expect(await lessons.applyStep()).toBe(false)
    expect(calls.at(-1)).toEqual({ channel: 'lessons/apply', arg: { id: 'guestbook', step: 'redis-master' } })
    expect(lessons.lastLines).toEqual(['replicationcontroller/redis-master created'])
    expect(lessons.error).toBe('Pod "bad" is invalid: spec.containers[0].image: Required value')

    answers['lessons/reset'] = () => ({ state: { active: 'guestbook', progress: { guestbook: { step: 0, passed: [] } }, resetting: false }, failures: [] })
    await lessons.reset()
    expect(calls.at(-1)).toEqual({ channel: 'lessons/reset', arg: { id: 'guestbook' } })
    expect(calls.some((c) => c.channel === 'objects/delete')).toBe(false)
    expect(lessons.busy).toBe('')
  })

  it('runs a trace action main resolved, through the trace store, then tells main for the check', async () => {
    const { lessons, calls, answers, report } = await start()
    await lessons.open('guestbook')
    await lessons.goTo(0)
    // The visitor step's button depends on the nodes: main resolves it.
    answers['lessons/action'] = () => ({ action: { type: 'trace', request: { source: { external: true }, destination: { address: '172.18.0.3', port: 30001 }, protocol: 'TCP' } } })
    expect(await lessons.perform(0)).toBe(false) // the current step (redis-master) has no button 0
    report({ active: 'guestbook', progress: { guestbook: { step: 3, passed: ['redis-master', 'redis-slave', 'frontend'] } }, resetting: false })
    expect(await lessons.perform(0)).toBe(true)
    expect(calls.find((c) => c.channel === 'lessons/action')?.arg).toEqual({ id: 'guestbook', step: 'visit', index: 0 })
    expect(calls.find((c) => c.channel === 'network/trace')?.arg).toEqual({ source: { external: true }, destination: { address: '172.18.0.3', port: 30001 }, protocol: 'TCP' })
    expect(calls.at(-1)).toEqual({ channel: 'lessons/trace', arg: { id: 'guestbook', step: 'visit', request: { source: { external: true }, destination: { address: '172.18.0.3', port: 30001 }, protocol: 'TCP' } } })
    expect(lessons.traces.map((t) => t.step)).toEqual(['guestbook/visit'])
    // It went through the trace store (the inspector's Trace tab and the canvas show it), from the node it enters by.
    expect(useTraceStore()).toMatchObject({ sourceKind: 'external', destination: '172.18.0.3', port: 30001, opened: 1 })
    expect(useSelectionStore().selected).toEqual({ resource: 'nodes', name: 'kubelab-worker' })
    // An action main cannot form yet says why, and runs nothing.
    answers['lessons/action'] = () => ({ unavailable: 'no worker node has an address yet' })
    const before = calls.length
    expect(await lessons.perform(0)).toBe(false)
    expect(lessons.error).toBe('no worker node has an address yet')
    expect(calls.slice(before).map((c) => c.channel)).toEqual(['lessons/action'])
  })

  it('tells main what the inspector shows while a lesson is open', async () => {
    const { lessons, calls } = await start()
    await lessons.open('static-pods')
    useSelectionStore().select({ resource: 'pods', namespace: 'kube-system', name: 'kube-apiserver-kubelab-control-plane' })
    await new Promise((r) => setTimeout(r, 0))
    expect(calls.filter((c) => c.channel === 'lessons/evaluate').at(-1)?.arg).toEqual({
      id: 'static-pods',
      selected: { resource: 'pods', namespace: 'kube-system', name: 'kube-apiserver-kubelab-control-plane' }
    })
  })

  it('reopens the lesson this window showed after a reload', async () => {
    const store = new Map<string, string>()
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) }
    const { lessons } = await start(storage)
    await lessons.open('scale-rc')
    setActivePinia(createPinia())
    const { lessons: again, calls } = await start(storage)
    expect(again.activeId).toBe('scale-rc')
    expect(calls.filter((c) => c.channel === 'lessons/start').at(-1)?.arg).toEqual({ id: 'scale-rc' })
    setActivePinia(createPinia())
    const { lessons: broken } = await start({ getItem: () => '{broken', setItem: () => {} })
    expect(broken.activeId).toBe('')
  })
})
