import type { Job, JobStatus } from 'kubernetes-types/batch/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { deepCopy } from '../../apimachinery/deep-copy'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { Controller, type ReconcileResult } from '../../client/controller'
import type { EventRecorder } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf } from '../../client/indexer-keys'
import type { ResourceClient } from '../../client/types'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import {
  backoffLimitMessage,
  backoffLimitReason,
  completionsMessage,
  completionsReason,
  condition,
  deadlineExceededMessage,
  deadlineExceededReason,
  hasCondition,
  isFinished,
  setCondition,
  tallyPods,
  withCondition
} from './status'
import { completionIndex, formatIndexes, isIndexed, parseIndexes, pendingIndexes, surplusPods, withCompletionIndex } from './indexed'

const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const controllerName = 'job-controller'
/** DefaultJobPodFailureBackOff and MaxJobPodFailureBackOff: a failed pod's replacement waits 10 s, doubling to 6 min. */
const backoffBaseMs = 10_000
const backoffMaxMs = 6 * 60_000

/**
 * The Job controller (kube-controller-manager's `job`): runs a Job's pods,
 * up to parallelism at a time, until `completions` of them succeed, or until
 * more than backoffLimit failed; replacements of failed pods wait an
 * exponential backoff. An Indexed Job runs one successful pod per completion
 * index (indexed.ts). The Job's status counts its pods and ends with the
 * conditions and events of Kubernetes 1.32. Pods are owned by the Job, so
 * deleting the Job deletes them (garbage collector).
 */
class JobController implements Component {
  readonly name = controllerName
  private readonly controller: Controller
  private readonly jobs: Informer<Job>
  private readonly pods: Informer<Pod>
  private readonly podClient: ResourceClient<Pod>
  private readonly jobClient: ResourceClient<Job>
  private readonly events: EventRecorder
  /** Pods created but not yet seen in the informer, per Job uid: no new decisions until they are. */
  private readonly expected = new Map<string, Set<string>>()

  constructor(private readonly ctx: ComponentContext) {
    this.jobs = ctx.informers.informerFor<Job>(jobsGVR)
    this.pods = ctx.informers.informerFor<Pod>(podsGVR)
    this.podClient = ctx.client.resource<Pod>(podsGVR)
    this.jobClient = ctx.client.resource<Job>(jobsGVR)
    this.events = ctx.events({ component: controllerName })
    this.controller = new Controller(
      {
        name: controllerName,
        workers: 2,
        watches: [{ resource: jobsGVR }, { resource: podsGVR, keys: (pod) => ownerKeys(pod as Pod) }],
        reconcile: (key) => this.sync(key)
      },
      { factory: ctx.informers, logger: ctx.logger }
    )
  }

  async start(): Promise<void> {
    await this.controller.start()
  }

  async stop(): Promise<void> {
    await this.controller.stop()
  }

  private ownedPods(job: Job): Pod[] {
    const uid = job.metadata?.uid ?? ''
    return this.pods.byIndex(IndexNames.ownerUid, uid).filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller))
  }

  /** Whether every pod this controller created for the Job has reached the informer. */
  private caughtUp(uid: string): boolean {
    const pending = this.expected.get(uid)
    if (!pending) return true
    for (const key of pending) if (this.pods.get(key)) pending.delete(key)
    if (pending.size === 0) this.expected.delete(uid)
    return pending.size === 0
  }

  /** syncJob: count the pods, decide the Job's fate, create what is missing, write status. */
  private async sync(key: string): Promise<void | ReconcileResult> {
    const job = this.jobs.get(key)
    if (!job || job.metadata?.deletionTimestamp) return
    const uid = job.metadata?.uid ?? ''
    if (!this.caughtUp(uid)) return
    const now = this.ctx.clock.rfc3339()
    const spec = job.spec!
    const owned = this.ownedPods(job)
    const tally = tallyPods(owned)
    const old = job.status ?? {}
    const completions = spec.completions ?? undefined
    // An Indexed Job counts the indexes that succeeded, each once.
    const doneIndexes = isIndexed(job) && completions !== undefined ? succeededIndexes(old.completedIndexes, owned, completions) : undefined
    // Counts only grow: a finished pod deleted by hand stays counted.
    const succeeded = doneIndexes ? doneIndexes.size : Math.max(old.succeeded ?? 0, tally.succeeded)
    const failed = Math.max(old.failed ?? 0, tally.failed)
    let status: JobStatus = { ...deepCopy(old), succeeded, failed, ready: tally.ready, terminating: tally.terminating, uncountedTerminatedPods: {} }
    if (doneIndexes?.size) status.completedIndexes = formatIndexes(doneIndexes)
    let requeueAfter: number | undefined
    let created = 0
    if (!isFinished(job) && spec.suspend) {
      // A suspended Job runs no pods; its clock (startTime) starts again when it is resumed.
      await this.deletePods(tally.active)
      tally.active = []
      if (!hasCondition(job, 'Suspended')) {
        status = setCondition(status, condition('Suspended', 'JobSuspended', 'Job suspended', now))
        this.events.event(job as unknown as KubeObject, 'Normal', 'Suspended', 'Job suspended')
      }
    } else if (!isFinished(job)) {
      if (hasCondition(job, 'Suspended')) {
        status = setCondition(status, { ...condition('Suspended', 'JobResumed', 'Job resumed', now), status: 'False' })
        status.startTime = now
        this.events.event(job as unknown as KubeObject, 'Normal', 'Resumed', 'Job resumed')
      }
      status.startTime ??= now
      const failures = failed + (spec.template.spec?.restartPolicy === 'OnFailure' ? tally.restarts : 0)
      const deadlineIn = isSetNumber(spec.activeDeadlineSeconds) ? Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000 - this.ctx.clock.now() : undefined
      const wantsMore = completions === undefined ? succeeded === 0 : succeeded < completions
      const failure = failureOf(job, failures > (spec.backoffLimit ?? 6), deadlineIn !== undefined && deadlineIn <= 0)
      if (failure) {
        status = withCondition(status, condition('FailureTarget', failure.reason, failure.message, now))
        await this.deletePods(tally.active)
        if (tally.active.length === 0 && tally.terminating === 0) {
          status = withCondition(status, condition('Failed', failure.reason, failure.message, now))
          this.events.event(job as unknown as KubeObject, 'Warning', failure.reason, failure.message)
        }
      } else if (!wantsMore) {
        status = withCondition(status, condition('SuccessCriteriaMet', completionsReason, completionsMessage, now))
        if (tally.active.length === 0 && tally.terminating === 0) {
          status = withCondition(status, condition('Complete', completionsReason, completionsMessage, now))
          status.completionTime = now
          this.events.event(job as unknown as KubeObject, 'Normal', 'Completed', 'Job completed')
        }
      } else {
        if (doneIndexes && completions !== undefined) {
          const surplus = surplusPods(tally.active, doneIndexes, completions)
          await this.deletePods(surplus)
          tally.active = tally.active.filter((p) => !surplus.includes(p))
        }
        const remaining = completions === undefined ? spec.parallelism ?? 1 : completions - succeeded
        const want = Math.min(spec.parallelism ?? 1, remaining) - tally.active.length - tally.terminating
        const wait = tally.failed > 0 ? this.backoffRemaining(job, tally.failed) : 0
        if (want > 0 && wait > 0) requeueAfter = wait
        else if (want > 0 && doneIndexes && completions !== undefined) {
          const taken = new Set([...doneIndexes, ...tally.active.map((p) => completionIndex(p, completions)).filter((i): i is number => i !== undefined)])
          created = await this.createPods(job, pendingIndexes(taken, want, completions))
        } else if (want > 0) created = await this.createPods(job, Array.from({ length: want }, () => undefined))
        // Check the deadline when it falls due.
        if (deadlineIn !== undefined) requeueAfter = Math.min(requeueAfter ?? deadlineIn, deadlineIn)
      }
    }
    // active, succeeded and failed are omitempty in JobStatus; ready and terminating are pointers, always written.
    const counts = { active: tally.active.length + created, succeeded, failed }
    for (const [k, v] of Object.entries(counts) as [keyof typeof counts, number][]) {
      if (v > 0) status[k] = v
      else delete status[k]
    }
    if (isFinished({ ...job, status })) status.ready = 0
    await this.writeStatus(job, status)
    return requeueAfter ? { requeueAfter } : undefined
  }

  /** How long the next replacement still waits: 10 s doubling per failure (up to 6 min) after the last pod failed. */
  private backoffRemaining(job: Job, failures: number): number {
    const delay = Math.min(backoffMaxMs, backoffBaseMs * 2 ** (failures - 1))
    let lastFailure = 0
    for (const pod of this.ownedPods(job)) {
      if (pod.status?.phase !== 'Failed') continue
      for (const c of pod.status.containerStatuses ?? []) {
        const at = Date.parse(c.state?.terminated?.finishedAt ?? '')
        if (!Number.isNaN(at)) lastFailure = Math.max(lastFailure, at)
      }
    }
    return Math.max(0, lastFailure + delay - this.ctx.clock.now())
  }

  /** Creates one pod per entry: for an Indexed Job, the pod of that completion index. */
  private async createPods(job: Job, indexes: readonly (number | undefined)[]): Promise<number> {
    const uid = job.metadata?.uid ?? ''
    const pending = this.expected.get(uid) ?? new Set<string>()
    this.expected.set(uid, pending)
    const results = await Promise.allSettled(
      indexes.map(async (index) => {
        try {
          const pod = await this.podClient.create(index === undefined ? podForJob(job) : withCompletionIndex(podForJob(job), job, index))
          pending.add(keyOf(pod.metadata?.namespace, pod.metadata?.name ?? ''))
          this.events.event(job as unknown as KubeObject, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`)
        } catch (e) {
          this.events.event(job as unknown as KubeObject, 'Warning', 'FailedCreate', `Error creating: ${e instanceof Error ? e.message : String(e)}`)
          throw e
        }
      })
    )
    const failure = results.find((r) => r.status === 'rejected')
    if (failure) throw (failure as PromiseRejectedResult).reason
    return indexes.length
  }

  private async deletePods(pods: readonly Pod[]): Promise<void> {
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.podClient.delete(pod.metadata?.namespace, pod.metadata?.name ?? '')
        } catch (e) {
          if (!isNotFound(e)) throw e
        }
      })
    )
  }

  private async writeStatus(job: Job, status: JobStatus): Promise<void> {
    if (JSON.stringify(job.status ?? {}) === JSON.stringify(status)) return
    try {
      await this.jobClient.updateStatus({ ...job, status })
    } catch (e) {
      // A newer version is on its way through the informer and will be synced again.
      if (!isConflict(e) && !isNotFound(e)) throw e
    }
  }
}

/** The pod for one run of the Job: its template, named `<job>-<random>`, owned by the Job. */
function podForJob(job: Job): Pod {
  const template = job.spec?.template ?? {}
  const meta = template.metadata ?? {}
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: job.metadata?.namespace,
      generateName: `${job.metadata?.name}-`,
      labels: { ...(meta.labels ?? {}) },
      ...(Object.keys(meta.annotations ?? {}).length ? { annotations: { ...meta.annotations } } : {}),
      ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata?.name ?? '', uid: job.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
    },
    spec: deepCopy(template.spec ?? { containers: [] })
  }
}

const isSetNumber = (v: number | null | undefined): v is number => v !== undefined && v !== null

/** Why the Job fails, if it does: a FailureTarget already set keeps its reason; else the backoff limit, then the deadline. */
function failureOf(job: Job, backoffExceeded: boolean, deadlineExceeded: boolean): { reason: string; message: string } | undefined {
  const target = job.status?.conditions?.find((c) => c.type === 'FailureTarget' && c.status === 'True')
  if (target) return { reason: target.reason ?? '', message: target.message ?? '' }
  if (backoffExceeded) return { reason: backoffLimitReason, message: backoffLimitMessage }
  if (deadlineExceeded) return { reason: deadlineExceededReason, message: deadlineExceededMessage }
  return undefined
}

/** The indexes status already counts, and those of the succeeded pods. */
function succeededIndexes(recorded: string | undefined, pods: readonly Pod[], completions: number): Set<number> {
  const done = parseIndexes(recorded, completions)
  for (const pod of pods) {
    const index = pod.status?.phase === 'Succeeded' ? completionIndex(pod, completions) : undefined
    if (index !== undefined) done.add(index)
  }
  return done
}

function ownerKeys(pod: Pod): string[] {
  const ref = pod.metadata?.ownerReferences?.find((r) => r.controller && r.kind === 'Job')
  return ref ? [keyOf(pod.metadata?.namespace, ref.name)] : []
}

/** The Job controller. */
export const jobComponent: ComponentFactory = (ctx) => new JobController(ctx)
