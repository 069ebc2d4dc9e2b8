import type { Job, JobStatus } from 'kubernetes-types/batch/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { deepCopy } from '../../apimachinery/deep-copy'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { ReconcileResult } from '../../client/controller'
import { ControllerComponent } from '../../client/controller-component'
import { controllerOwnerKeys } from '../../client/controller-keys'
import { IndexNames } from '../../client/indexer-builtins'
import { objectKey } from '../../client/indexer-keys'
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
import { cachedOwnerKey, observePods, PodExpectations } from '../expectations'
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
class JobController extends ControllerComponent<ComponentContext> implements Component {
  private readonly jobs = this.informer<Job>(jobsGVR)
  private readonly pods = this.informer<Pod>(podsGVR)
  private readonly podClient = this.resourceClient<Pod>(podsGVR)
  private readonly jobClient = this.resourceClient<Job>(jobsGVR)
  /** The pods this controller created or deleted and the informer has not shown yet, per Job: no new decisions until it has. */
  private readonly expectations = new PodExpectations(this.ctx.clock)

  constructor(ctx: ComponentContext) {
    super(ctx, controllerName)
    this.handle(this.pods, observePods(this.expectations, (pod) => cachedOwnerKey(this.jobs, pod, 'Job')))
    this.controller({
      workers: 2,
      watches: [{ resource: jobsGVR }, { resource: podsGVR, keys: controllerOwnerKeys('Job') }],
      reconcile: (key) => this.sync(key)
    })
  }

  private ownedPods(job: Job): Pod[] {
    const uid = job.metadata?.uid ?? ''
    return this.pods.byIndex(IndexNames.ownerUid, uid).filter((p) => p.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller))
  }

  /** syncJob: count the pods, decide the Job's fate, create what is missing, write status. */
  private async sync(key: string): Promise<void | ReconcileResult> {
    const job = this.jobs.get(key)
    if (!job) this.expectations.delete(key)
    if (!job || job.metadata?.deletionTimestamp || !this.expectations.satisfied(key)) return
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
      await this.deletePods(key, tally.active)
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
        await this.deletePods(key, tally.active)
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
          await this.deletePods(key, surplus)
          tally.active = tally.active.filter((p) => !surplus.includes(p))
        }
        const remaining = completions === undefined ? spec.parallelism ?? 1 : completions - succeeded
        const want = Math.min(spec.parallelism ?? 1, remaining) - tally.active.length - tally.terminating
        const wait = tally.failed > 0 ? this.backoffRemaining(job, tally.failed) : 0
        if (want > 0 && wait > 0) requeueAfter = wait
        else if (want > 0 && doneIndexes && completions !== undefined) {
          const taken = new Set([...doneIndexes, ...tally.active.map((p) => completionIndex(p, completions)).filter((i): i is number => i !== undefined)])
          created = await this.createPods(key, job, pendingIndexes(taken, want, completions))
        } else if (want > 0) created = await this.createPods(key, job, Array.from({ length: want }, () => undefined))
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
  private async createPods(key: string, job: Job, indexes: readonly (number | undefined)[]): Promise<number> {
    this.expectations.expectCreations(key, indexes.length)
    const results = await Promise.allSettled(
      indexes.map(async (index) => {
        try {
          const pod = await this.podClient.create(index === undefined ? podForJob(job) : withCompletionIndex(podForJob(job), job, index))
          this.events.event(job as unknown as KubeObject, 'Normal', 'SuccessfulCreate', `Created pod: ${pod.metadata?.name}`)
        } catch (e) {
          // A pod never created will never be observed.
          this.expectations.creationObserved(key)
          this.events.event(job as unknown as KubeObject, 'Warning', 'FailedCreate', `Error creating: ${e instanceof Error ? e.message : String(e)}`)
          throw e
        }
      })
    )
    const failure = results.find((r) => r.status === 'rejected')
    if (failure) throw (failure as PromiseRejectedResult).reason
    return indexes.length
  }

  private async deletePods(key: string, pods: readonly Pod[]): Promise<void> {
    this.expectations.expectDeletions(key, pods.map(objectKey))
    await Promise.all(
      pods.map(async (pod) => {
        try {
          await this.podClient.delete(pod.metadata?.namespace, pod.metadata?.name ?? '')
        } catch (e) {
          // A deletion that failed, or of a pod already gone, is not (or no longer) to be waited for.
          this.expectations.deletionObserved(key, objectKey(pod))
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

/** The Job controller. */
export const jobComponent: ComponentFactory = (ctx) => new JobController(ctx)
