import { defineStore } from 'pinia'
import { computed, ref, watch } from 'vue'
import type { LessonAction, LessonInfo, LessonStepInfo, LessonsState } from '../../../preload/contract'
import { useApi } from '../api/current'
import { messageOf } from '../api/errors'
import { applyOutcome, runAction } from '../lessons/run-action'
import { traceOnCanvas } from '../lessons/trace-on-canvas'
import type { CheckResult, TraceRecord } from '../lessons/types'
import { useClusterStore } from './cluster'
import { useSelectionStore } from './selection'
import { useUiStore } from './ui'

interface PrefStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

const storageKey = 'kubelab-lessons'

/**
 * The built-in lessons, as the main process reports them: main holds the
 * lessons (main/cluster/scenarios) and how far each got, and evaluates the
 * open lesson's current step as the cluster changes, pushing
 * `lessons/report`. This store draws that, remembers which lesson this
 * window shows (across reloads), tells main what the inspector shows (a step
 * may check it), and runs the step's buttons: manifests and Reset through
 * lessons/* calls, traces through the trace store (so they play on the
 * canvas) and then lessons/trace for the check, the rest through the
 * contract's existing calls.
 */
export const useLessonsStore = defineStore('lessons', () => {
  const selection = useSelectionStore()
  const cluster = useClusterStore()
  const listOpen = ref(false)
  /** The open lesson stepped aside (the sidebar shows again); the toolbar brings it back. */
  const minimized = ref(false)
  const lessons = ref<LessonInfo[]>([])
  const state = ref<LessonsState>({ active: '', progress: {}, resetting: false })
  /** The traces the lessons' buttons ran, as the trace store answered them (shown in the step). */
  const traces = ref<TraceRecord[]>([])
  /** The label of the action running now ('' when idle): buttons show it as progress. */
  const busy = ref('')
  const error = ref('')
  /** What the last action did, in kubectl's words. */
  const lastLines = ref<string[]>([])
  /** The lesson this window shows ('' when none); main evaluates it. */
  const activeId = ref('')
  let unsubscribe: (() => void) | undefined
  let storage: PrefStorage | undefined
  const save = (): void => storage?.setItem(storageKey, JSON.stringify({ active: activeId.value }))
  /** How far a lesson got, if it was ever opened. */
  const progress = (id: string): { step: number; passed: string[] } | undefined => state.value.progress[id]
  const lesson = computed<LessonInfo | undefined>(() => lessons.value.find((l) => l.id === activeId.value))
  const current = computed(() => state.value.progress[activeId.value] ?? { step: 0, passed: [] })
  /** Whether the open lesson takes the sidebar's place. */
  const docked = computed(() => !!lesson.value && !minimized.value)
  const step = computed<LessonStepInfo | undefined>(() => lesson.value?.steps[current.value.step])

  /** The check main reported, at the index of the step it is for. */
  const results = computed<Array<CheckResult | undefined>>(() =>
    (lesson.value?.steps ?? []).map((s) => {
      const c = state.value.check
      return c && c.lessonId === activeId.value && c.step === s.id ? { done: c.done, reason: c.reason } : undefined
    })
  )
  const isDone = (index: number): boolean => {
    const s = lesson.value?.steps[index]
    return !!s && current.value.passed.includes(s.id)
  }
  const finished = computed(() => !!lesson.value && lesson.value.steps.every((_, i) => isDone(i)))
  /** A step may be opened once every step before it is done (main refuses the others too). */
  const reachable = (index: number): boolean => index >= 0 && index < (lesson.value?.steps.length ?? 0) && lesson.value!.steps.slice(0, index).every((_, i) => isDone(i))

  const setState = (s: LessonsState): void => {
    state.value = s
  }

  /** Loads the lessons and their progress from main, follows its reports, and reopens the lesson this window showed. */
  async function hydrate(from?: PrefStorage): Promise<void> {
    storage = from
    const api = useApi()
    unsubscribe?.()
    unsubscribe = api.on('lessons/report', setState)
    let active = ''
    try {
      active = (JSON.parse(from?.getItem(storageKey) ?? 'null') as { active?: string } | null)?.active ?? ''
    } catch {
      // A damaged preference is forgotten, not fatal.
    }
    try {
      const [list, s] = await Promise.all([api.call('lessons/list'), api.call('lessons/state')])
      lessons.value = list
      setState(s)
      if (active && list.some((l) => l.id === active)) {
        activeId.value = active
        setState(await api.call('lessons/start', { id: active }))
      }
    } catch (e) {
      error.value = messageOf(e)
    }
  }

  // Some steps check what the inspector shows: main hears of every selection while a lesson is open.
  watch(
    () => [activeId.value, selection.selected] as const,
    ([id, selected]) => {
      if (id) void useApi().call('lessons/evaluate', { id, selected: selected ? { ...selected } : null }).catch(() => undefined)
    }
  )

  async function call(fn: () => Promise<LessonsState>): Promise<void> {
    try {
      setState(await fn())
    } catch (e) {
      error.value = messageOf(e)
    }
  }

  async function open(id: string): Promise<void> {
    listOpen.value = false
    minimized.value = false
    error.value = ''
    lastLines.value = []
    activeId.value = id
    save()
    await call(() => useApi().call('lessons/start', { id }))
  }

  async function close(): Promise<void> {
    activeId.value = ''
    save()
    await call(() => useApi().call('lessons/close'))
  }

  async function goTo(index: number): Promise<void> {
    if (!reachable(index)) return
    error.value = ''
    lastLines.value = []
    // At once, so a button pressed before main answers acts on the step now shown.
    const id = activeId.value
    state.value = { ...state.value, progress: { ...state.value.progress, [id]: { ...current.value, step: index } } }
    await call(() => useApi().call('lessons/advance', { id, step: index }))
  }

  /** On to the next step, once the current one is done. */
  function next(): Promise<void> {
    return isDone(current.value.step) ? goTo(current.value.step + 1) : Promise.resolve()
  }

  /** The action of the current step's n-th button: as listed, or resolved by main against the cluster now. */
  async function resolve(index: number): Promise<LessonAction | string> {
    const s = step.value
    const a = s?.actions[index]
    if (!s || !a) return 'no such action'
    if (a.action) return a.action
    const r = await useApi().call('lessons/action', { id: activeId.value, step: s.id, index })
    return 'action' in r ? r.action : r.unavailable
  }

  async function perform(index: number): Promise<boolean> {
    const s = step.value
    const id = activeId.value
    if (!s) return false
    busy.value = s.actions[index]?.label ?? 'Working…'
    error.value = ''
    try {
      const action = await resolve(index)
      if (typeof action === 'string') {
        error.value = action
        return false
      }
      if (action.type === 'trace') {
        const result = await traceOnCanvas(action.request)
        traces.value = [...traces.value, { step: `${id}/${s.id}`, request: action.request, result }]
        lastLines.value = [`${result.verdict}: ${result.reason}`]
        await useApi().call('lessons/trace', { id, step: s.id, request: action.request })
        return true
      }
      if (action.type === 'apply') return await applyStep()
      if (action.type === 'clock' && action.speed !== undefined && action.paused === false) {
        // Through the cluster store, so the toolbar's clock shows the new speed at once.
        await cluster.play(action.speed)
        lastLines.value = [`clock at ${action.speed}x`]
        return true
      }
      lastLines.value = await runAction(useApi(), action)
      return true
    } catch (e) {
      error.value = messageOf(e)
      return false
    } finally {
      busy.value = ''
    }
  }

  /** "Apply for me": main applies the step's manifests and remembers what they created. */
  async function applyStep(): Promise<boolean> {
    const s = step.value
    if (!s?.manifests) return false
    busy.value = 'Applying…'
    error.value = ''
    try {
      const { lines, failures } = applyOutcome(await useApi().call('lessons/apply', { id: activeId.value, step: s.id }))
      lastLines.value = lines
      if (failures.length) error.value = failures.join('\n')
      return !failures.length
    } catch (e) {
      error.value = messageOf(e)
      return false
    } finally {
      busy.value = ''
    }
  }

  /** Main deletes what the lesson created (newest first), undoes its changes, waits for the deletions, and starts it over. */
  async function reset(): Promise<void> {
    const l = lesson.value
    if (!l) return
    busy.value = 'Resetting…'
    error.value = ''
    try {
      const { state: s, failures } = await useApi().call('lessons/reset', { id: l.id })
      setState(s)
      traces.value = traces.value.filter((t) => !t.step.startsWith(`${l.id}/`))
      lastLines.value = []
      if (failures.length) error.value = failures.join('\n')
      else useUiStore().notify(`Lesson “${l.title}” reset`, 'ok')
    } catch (e) {
      error.value = messageOf(e)
    } finally {
      busy.value = ''
    }
  }

  return { lessons, listOpen, minimized, docked, progress, activeId, lesson, current, step, results, traces, busy, error, lastLines, finished, isDone, reachable, hydrate, open, close, goTo, next, perform, applyStep, reset }
})
