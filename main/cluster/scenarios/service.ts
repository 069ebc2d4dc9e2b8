/**
 * The lessons, run cluster-side. The service holds which lesson is open and
 * how far each got, evaluates the open lesson's current step whenever an
 * object its checks read changes (informer events, gathered into one
 * evaluation per turn of cluster work), latches a step done once its check
 * passed while current, and reports { lessonId, step, done, reason } with
 * the progress whenever that changes. The renderer only draws the reports.
 */
import { isNotFound } from '../apimachinery/errors'
import type { KubeObject } from '../apimachinery/types'
import type { Client } from '../client/types'
import { lessonById, lessons } from './index'
import { lessonInfo, type LessonInfo } from './info'
import { freshProgress, type LessonProgress, type LessonsState, type SavedLessons, type StepReport } from './progress'
import { gvrOfKey, keyOfGvr, type ObservedReads } from './reads'
import type { Action, ActionOf, CheckContext, Lesson, ObjectRef, ObjectTarget, TraceOutcome, TraceRecord, TraceRequest } from './types'

export interface ScenariosOptions {
  reads: ObservedReads
  client: Client
  dataDir?: string
  /** Pushes the state to the renderer (called only when it changed). */
  report(state: LessonsState): void
  /** Progress saved by an earlier run, and where to save it. */
  saved?: SavedLessons
  save?(saved: SavedLessons): void
  /** Runs fn once the current turn of cluster work is over (default: setImmediate). */
  defer?(fn: () => void): void
}

/** What Reset must do: delete these (newest first), then run these actions. */
export interface ResetPlan {
  targets: ObjectTarget[]
  actions: Action[]
}

const packetTraces = { group: 'kubelab.dev', version: 'v1alpha1', resource: 'packettraces' }

export class ScenariosService {
  private saved: SavedLessons
  private selected: ObjectRef | null = null
  private traces: TraceRecord[] = []
  private resetting = false
  private scheduled = false
  private lastReported = ''
  private traceCount = 0
  private readonly unsubscribe: () => void

  constructor(private readonly options: ScenariosOptions) {
    this.saved = options.saved ?? { active: '', progress: {} }
    this.unsubscribe = options.reads.onChange(() => this.schedule())
  }

  /** Every lesson, as data. */
  list(): LessonInfo[] {
    return lessons.map((l) => lessonInfo(l, this.options.dataDir))
  }

  state(): LessonsState {
    // The check first: it may latch its step, which the progress must show.
    const check = this.saved.active ? this.check(this.saved.active) : undefined
    const progress = Object.fromEntries(Object.entries(this.saved.progress).map(([id, p]) => [id, { step: p.step, passed: [...p.passed] }]))
    return { active: this.saved.active, progress, ...(check ? { check } : {}), resetting: this.resetting }
  }

  /** The state once the informers its check reads have listed their objects (a first read may precede that). */
  async settled(): Promise<LessonsState> {
    this.state() // the first evaluation makes the informers the check reads
    await this.options.reads.synced()
    return this.changed()
  }

  /** Opens a lesson (its progress is kept). */
  start(id: string): LessonsState {
    this.lesson(id)
    this.saved.active = id
    return this.changed()
  }

  close(): LessonsState {
    this.saved.active = ''
    return this.changed()
  }

  /** Goes to a step: one whose every predecessor is done (checks of later steps assume the earlier ones). */
  advance(id: string, step: number): LessonsState {
    const lesson = this.lesson(id)
    const p = this.progress(id)
    const reachable = Number.isInteger(step) && step >= 0 && step < lesson.steps.length && lesson.steps.slice(0, step).every((s) => p.passed.includes(s.id))
    if (!reachable) throw new Error(`step ${step + 1} of lesson ${id} is not open yet: the steps before it are not done`)
    p.step = step
    return this.changed()
  }

  /** Evaluates a lesson's current step now (and reports, for the open one); `selected` tells what the inspector shows. */
  evaluate(id: string, selected?: ObjectRef | null): StepReport {
    this.lesson(id)
    if (selected !== undefined) this.selected = selected
    return id === this.saved.active ? this.changed().check! : this.check(id)
  }

  /** A lesson's current step, evaluated; a pass while it is the open lesson's latches the step done. */
  private check(id: string): StepReport {
    const lesson = this.lesson(id)
    const p = this.progress(id)
    const step = lesson.steps[p.step]
    const result = step.check(this.context(id))
    if (result.done && !this.resetting && id === this.saved.active && !p.passed.includes(step.id)) {
      p.passed = [...p.passed, step.id]
      this.persist()
    }
    return { lessonId: id, step: step.id, done: result.done, reason: result.reason }
  }

  /** The action behind a step's button, resolved against the cluster now, or why it cannot run yet. */
  resolveAction(id: string, stepId: string, index: number): { action: Action } | { unavailable: string } {
    const a = this.step(id, stepId).actions?.[index]
    if (!a) throw new Error(`step ${stepId} of lesson ${id} has no action ${index}`)
    const resolved = this.resolve(id, a.action)
    return typeof resolved === 'string' ? { unavailable: resolved } : { action: resolved }
  }

  /** The YAML of a step's "Apply for me". */
  manifests(id: string, stepId: string): string {
    const m = this.step(id, stepId).manifests
    if (!m) throw new Error(`step ${stepId} of lesson ${id} has no manifests`)
    return m
  }

  /** Remembers what a lesson's apply created, for Reset. */
  recordCreated(id: string, created: ObjectTarget[]): void {
    const p = this.progress(id)
    const key = (c: ObjectTarget): string => `${keyOfGvr(c.gvr)}/${c.namespace ?? ''}/${c.name}`
    const known = new Set(p.created.map(key))
    p.created = [...p.created, ...created.filter((c) => !known.has(key(c)))]
    this.persist()
  }

  /** Runs a step's packet trace (a PacketTrace through the API) and keeps its answer for the step's check. */
  async trace(id: string, stepId: string, request: TraceRequest): Promise<TraceOutcome> {
    this.step(id, stepId)
    const obj = {
      apiVersion: 'kubelab.dev/v1alpha1',
      kind: 'PacketTrace',
      metadata: { name: `lesson-trace-${++this.traceCount}` },
      spec: { source: request.source, destination: request.destination, ...(request.protocol ? { protocol: request.protocol } : {}) }
    } as KubeObject
    const answered = await this.options.client.resource(packetTraces).create(obj)
    const result = (answered.status ?? { verdict: 'Dropped', reason: 'the trace engine gave no answer', hops: [] }) as TraceOutcome
    this.traces.push({ step: `${id}/${stepId}`, request, result })
    this.changed()
    return result
  }

  /**
   * Reset: deletes what the lesson created (newest first) and its leftovers,
   * runs its reset actions, waits (bounded by `within`) until the deleted
   * objects left the caches, and starts the lesson over. Returns what failed.
   */
  async reset(id: string, runAction: (a: Action) => Promise<void>, within: (p: Promise<void>) => Promise<void>): Promise<string[]> {
    const lesson = this.lesson(id)
    const targets = [...this.progress(id).created].reverse().concat(lesson.leftovers ?? [])
    const failures: string[] = []
    this.resetting = true
    this.changed()
    try {
      for (const t of targets) {
        await this.options.client
          .resource(t.gvr)
          .delete(t.namespace, t.name, { propagationPolicy: 'Background' })
          .catch((e: unknown) => {
            if (!isNotFound(e)) failures.push(e instanceof Error ? e.message : String(e))
          })
      }
      for (const a of lesson.resetActions ?? []) {
        const resolved = this.resolve(id, a)
        if (typeof resolved !== 'string') await runAction(resolved).catch((e: unknown) => failures.push(e instanceof Error ? e.message : String(e)))
      }
      this.traces = this.traces.filter((t) => !t.step.startsWith(`${id}/`))
      this.saved.progress[id] = freshProgress()
      this.persist()
      await within(this.gone(targets))
    } finally {
      this.resetting = false
      this.changed()
    }
    return failures
  }

  stop(): void {
    this.unsubscribe()
  }

  /** Resolves once none of the targets is in the informers' caches (listed first: an unlisted cache holds nothing yet). */
  private async gone(targets: ObjectTarget[]): Promise<void> {
    const left = (): boolean => targets.some((t) => !!this.options.reads.get(t.gvr, t.namespace, t.name))
    left() // the first read makes the informers of the targets' resources
    await this.options.reads.synced()
    if (!left()) return
    return new Promise((resolve) => {
      const off = this.options.reads.onChange(() => {
        if (left()) return
        off()
        resolve()
      })
    })
  }

  private context(id: string): CheckContext {
    const reads = this.options.reads
    return {
      list: (resource, namespace) => reads.list(resource, namespace),
      find: (ref) => reads.get(gvrOfKey(ref.resource), ref.namespace, ref.name),
      selected: this.selected,
      traces: this.traces.filter((t) => t.step.startsWith(`${id}/`)),
      dataDir: this.options.dataDir
    }
  }

  private resolve(id: string, a: ActionOf): Action | string {
    return typeof a === 'function' ? a(this.context(id)) : a
  }

  private lesson(id: string): Lesson {
    const lesson = lessonById(id)
    if (!lesson) throw new Error(`no lesson ${JSON.stringify(id)}`)
    return lesson
  }

  private step(id: string, stepId: string): Lesson['steps'][number] {
    const step = this.lesson(id).steps.find((s) => s.id === stepId)
    if (!step) throw new Error(`lesson ${id} has no step ${JSON.stringify(stepId)}`)
    return step
  }

  private progress(id: string): LessonProgress {
    return (this.saved.progress[id] ??= freshProgress())
  }

  private persist(): void {
    this.options.save?.(this.saved)
  }

  /** Saves, and reports the state if it changed; returns it. */
  private changed(): LessonsState {
    this.persist()
    const state = this.state()
    const text = JSON.stringify(state)
    if (text !== this.lastReported) {
      this.lastReported = text
      this.options.report(state)
    }
    return state
  }

  /** One evaluation per turn of cluster work, however many objects changed in it. */
  private schedule(): void {
    if (this.scheduled || !this.saved.active) return
    this.scheduled = true
    const run = (): void => {
      this.scheduled = false
      if (this.saved.active) this.changed()
    }
    if (this.options.defer) this.options.defer(run)
    else setImmediate(run)
  }
}

