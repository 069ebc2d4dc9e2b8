import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import { resourceKey } from '../../../preload/contract'
import { useApi } from '../api/current'
import { messageOf } from '../api/errors'
import { lessonById, lessons } from '../lessons'
import { ActionFailed, runAction, type CreatedRef } from '../lessons/run-action'
import { traceOnCanvas } from '../lessons/trace-on-canvas'
import type { Action, CheckContext, CheckResult, Lesson, Step, StepAction, TraceRecord } from '../lessons/types'
import { useClusterStore } from './cluster'
import { useObjectsStore } from './objects'
import { useSelectionStore } from './selection'
import { useUiStore } from './ui'

/** Where a lesson got to: its step, the steps whose check passed, and what its applies created. */
interface Progress {
  step: number
  passed: string[]
  created: CreatedRef[]
}

interface PrefStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const storageKey = 'kubelab-lessons'
/** How long Reset waits for what it deleted to leave the stores (a namespace's contents go first). */
const resetWaitMs = 20_000

/**
 * The built-in lessons: which one is open, its step, and each step's check
 * evaluated over the objects store as watch deltas arrive. A step counts as
 * done once its check passed while it was the current step (later steps
 * may undo earlier ones on purpose: scale up, then down). Actions go through
 * the contract's calls; Reset deletes what the lesson's applies created.
 */
export const useLessonsStore = defineStore('lessons', () => {
  const objects = useObjectsStore()
  const selection = useSelectionStore()
  const cluster = useClusterStore()
  const listOpen = ref(false)
  /** The open lesson stepped aside (the sidebar shows again); the toolbar brings it back. */
  const minimized = ref(false)
  const activeId = ref('')
  const saved = ref<Record<string, Progress>>({})
  const traces = ref<TraceRecord[]>([])
  /** The label of the action running now ('' when idle): buttons show it as progress. */
  const busy = ref('')
  const error = ref('')
  /** What the last action did, in kubectl's words. */
  const lastLines = ref<string[]>([])
  /** While Reset waits for its deletions to reach the stores, no step latches (the old objects would pass the first checks). */
  const resetting = ref(false)
  let storage: PrefStorage | undefined

  /** How far a lesson got, if it was ever opened. */
  const progress = (id: string): Progress | undefined => saved.value[id]
  const lesson = computed<Lesson | undefined>(() => lessonById(activeId.value))
  const current = computed<Progress>(() => saved.value[activeId.value] ?? { step: 0, passed: [], created: [] })
  /** Whether the open lesson takes the sidebar's place. */
  const docked = computed(() => !!lesson.value && !minimized.value)
  const step = computed<Step | undefined>(() => lesson.value?.steps[current.value.step])
  const stepKey = (s: Step): string => `${activeId.value}/${s.id}`

  const context = computed<CheckContext>(() => {
    void objects.version
    return {
      list: (resource) => objects.list(resource),
      find: (ref) => objects.find(ref),
      selected: selection.selected,
      traces: traces.value.filter((t) => t.step.startsWith(`${activeId.value}/`)),
      dataDir: cluster.info?.dataDir
    }
  })

  /** Every step's check, live. */
  const results = computed<CheckResult[]>(() => (lesson.value?.steps ?? []).map((s) => s.check(context.value)))
  const isDone = (index: number): boolean => {
    const s = lesson.value?.steps[index]
    return !!s && current.value.passed.includes(s.id)
  }
  const finished = computed(() => !!lesson.value && lesson.value.steps.every((_, i) => isDone(i)))

  function update(patch: Partial<Progress>): void {
    if (!activeId.value) return
    saved.value = { ...saved.value, [activeId.value]: { ...current.value, ...patch } }
    save()
  }

  // The current step's check passing latches it as done.
  watch(
    () => [activeId.value, current.value.step, results.value[current.value.step]?.done, resetting.value] as const,
    ([, , ok, waiting]) => {
      const s = step.value
      if (ok && !waiting && s && !current.value.passed.includes(s.id)) update({ passed: [...current.value.passed, s.id] })
    },
    { immediate: true }
  )

  function hydrate(from?: PrefStorage): void {
    storage = from
    try {
      const stored = JSON.parse(from?.getItem(storageKey) ?? 'null') as { active?: string; progress?: Record<string, Progress> } | null
      if (stored?.progress) saved.value = stored.progress
      if (stored?.active && lessonById(stored.active)) activeId.value = stored.active
    } catch {
      // Damaged progress is forgotten, not fatal.
    }
  }

  function save(): void {
    storage?.setItem(storageKey, JSON.stringify({ active: activeId.value, progress: saved.value }))
  }

  function open(id: string): void {
    if (!lessonById(id)) return
    activeId.value = id
    listOpen.value = false
    minimized.value = false
    error.value = ''
    lastLines.value = []
    save()
  }

  function close(): void {
    activeId.value = ''
    save()
  }

  /** A step may be opened once every step before it is done (checks of later steps assume the earlier ones). */
  const reachable = (index: number): boolean => index >= 0 && index < (lesson.value?.steps.length ?? 0) && lesson.value!.steps.slice(0, index).every((_, i) => isDone(i))

  function goTo(index: number): void {
    if (!reachable(index)) return
    error.value = ''
    lastLines.value = []
    update({ step: index })
  }

  /** On to the next step, once the current one is done. */
  function next(): void {
    if (isDone(current.value.step)) goTo(current.value.step + 1)
  }

  /** Resolves an action that depends on the cluster; a string says why it cannot run yet. */
  const resolve = (a: StepAction['action'] | Action): Action | string => (typeof a === 'function' ? a(context.value) : a)

  async function perform(label: string, action: StepAction['action'] | Action): Promise<boolean> {
    const resolved = resolve(action)
    if (typeof resolved === 'string') {
      error.value = resolved
      return false
    }
    const s = step.value
    busy.value = label
    error.value = ''
    try {
      if (resolved.type === 'trace') {
        const result = await traceOnCanvas(resolved.request)
        if (s) traces.value = [...traces.value, { step: stepKey(s), request: resolved.request, result, revision: objects.revision }]
        lastLines.value = [`${result.verdict}: ${result.reason}`]
        return true
      }
      if (resolved.type === 'clock' && resolved.speed !== undefined && resolved.paused === false) {
        // Through the cluster store, so the toolbar's clock shows the new speed at once.
        await cluster.play(resolved.speed)
        lastLines.value = [`clock at ${resolved.speed}x`]
        return true
      }
      const out = await runAction(useApi(), resolved)
      record(out.created)
      lastLines.value = out.lines
      return true
    } catch (e) {
      if (e instanceof ActionFailed) record(e.outcome.created)
      error.value = messageOf(e)
      return false
    } finally {
      busy.value = ''
    }
  }

  function record(created: CreatedRef[]): void {
    if (!created.length) return
    const known = new Set(current.value.created.map((c) => `${c.gvr.resource}/${c.namespace ?? ''}/${c.name}`))
    update({ created: [...current.value.created, ...created.filter((c) => !known.has(`${c.gvr.resource}/${c.namespace ?? ''}/${c.name}`))] })
  }

  const applyStep = (): Promise<boolean> => (step.value?.manifests ? perform('Applying…', { type: 'apply', yaml: step.value.manifests }) : Promise.resolve(false))

  /** Deletes what the lesson created (newest first) and its leftovers, undoes its changes, and starts it over. */
  /** Resolves once `cond` holds over the objects store (true), or after `ms` (false). */
  function until(cond: () => boolean, ms: number): Promise<boolean> {
    if (cond()) return Promise.resolve(true)
    return new Promise((resolve) => {
      const finish = (ok: boolean): void => {
        clearTimeout(timer)
        stop()
        resolve(ok)
      }
      const timer = setTimeout(() => finish(false), ms)
      const stop = watch(
        () => objects.version,
        () => cond() && finish(true)
      )
    })
  }

  async function reset(): Promise<void> {
    const l = lesson.value
    if (!l) return
    busy.value = 'Resetting…'
    resetting.value = true
    error.value = ''
    const api = useApi()
    const failures: string[] = []
    const targets = [...current.value.created].reverse().concat(l.leftovers ?? [])
    for (const t of targets) {
      try {
        await api.call('objects/delete', { gvr: t.gvr, namespace: t.namespace, name: t.name, propagationPolicy: 'Background' })
      } catch (e) {
        if ((e as { status?: { code?: number } }).status?.code !== 404) failures.push(messageOf(e))
      }
    }
    for (const a of l.resetActions ?? []) {
      const resolved = resolve(a)
      if (typeof resolved !== 'string' && resolved.type !== 'trace') await runAction(api, resolved).catch((e: unknown) => failures.push(messageOf(e)))
    }
    traces.value = traces.value.filter((t) => !t.step.startsWith(`${l.id}/`))
    saved.value = { ...saved.value, [l.id]: { step: 0, passed: [], created: [] } }
    save()
    lastLines.value = []
    // The deletions reach the stores as watch deltas: wait (bounded) until the watched ones are gone.
    const watched = targets.map((t) => ({ resource: resourceKey(t.gvr), namespace: t.namespace, name: t.name }))
    await until(() => watched.every((t) => !objects.find(t)), resetWaitMs)
    resetting.value = false
    busy.value = ''
    if (failures.length) error.value = failures.join('\n')
    else useUiStore().notify(`Lesson “${l.title}” reset`, 'ok')
  }

  return { lessons, listOpen, minimized, docked, progress, activeId, lesson, current, step, results, traces, busy, error, lastLines, finished, context, isDone, reachable, hydrate, open, close, goTo, next, perform, applyStep, reset }
})
