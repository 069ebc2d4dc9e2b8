import type { CronJob, CronJobStatus, Job } from 'kubernetes-types/batch/v1'
import type { ObjectReference } from 'kubernetes-types/core/v1'
import { deepCopy } from '../../apimachinery/deep-copy'
import { isAlreadyExists, isConflict, isNotFound } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import type { ReconcileResult } from '../../client/controller'
import { ControllerComponent } from '../../client/controller-component'
import { controllerOwnerKeys } from '../../client/controller-keys'
import { IndexNames } from '../../client/indexer-builtins'
import { keyOf } from '../../client/indexer-keys'
import type { Component, ComponentContext, ComponentFactory } from '../../component'
import { nextCronTime, parseCronSchedule } from '../../registry/kinds/cronjob-schedule'
import { mostRecentSchedule, finishedCondition, scheduledTimestampAnnotation } from './schedule'

const cronJobsGVR = { group: 'batch', version: 'v1', resource: 'cronjobs' }
const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const controllerName = 'cronjob-controller'
/** The controller looks again this long after a schedule falls due (nextScheduleTimeDuration's slack). */
const slackMs = 100

/**
 * The CronJob controller (kube-controller-manager's `cronjob`, v2): at each
 * scheduled time it creates a Job named `<cronjob>-<minutes since epoch>`
 * from the job template, honours suspend, startingDeadlineSeconds and the
 * concurrency policy, follows its Jobs in status.active until they finish,
 * and deletes the oldest finished Jobs beyond the history limits.
 */
class CronJobController extends ControllerComponent<ComponentContext> implements Component {
  private readonly cronJobs = this.informer<CronJob>(cronJobsGVR)
  private readonly jobs = this.informer<Job>(jobsGVR)
  private readonly jobClient = this.resourceClient<Job>(jobsGVR)
  private readonly cronJobClient = this.resourceClient<CronJob>(cronJobsGVR)

  constructor(ctx: ComponentContext) {
    super(ctx, controllerName)
    this.controller({
      watches: [{ resource: cronJobsGVR }, { resource: jobsGVR, keys: controllerOwnerKeys('CronJob') }],
      reconcile: (key) => this.sync(key)
    })
  }

  private async sync(key: string): Promise<void | ReconcileResult> {
    const cj = this.cronJobs.get(key)
    if (!cj || cj.metadata?.deletionTimestamp) return
    const uid = cj.metadata?.uid ?? ''
    const owned = this.jobs.byIndex(IndexNames.ownerUid, uid).filter((j) => j.metadata?.ownerReferences?.some((r) => r.uid === uid && r.controller))
    const status: CronJobStatus = deepCopy(cj.status ?? {})
    const cronObj = cj as unknown as KubeObject
    // Follow the Jobs it started (status.active): a finished one leaves the list, as does one that is gone.
    const listed = cj.status?.active ?? []
    const active: ObjectReference[] = []
    for (const ref of listed) {
      // Not in the cache yet is not gone: ask the API, as the controller does before calling a Job missing.
      const job = owned.find((j) => j.metadata?.uid === ref.uid) ?? (await this.liveJob(ref))
      const finished = job && finishedCondition(job)
      if (!job) this.events.event(cronObj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`)
      else if (finished) this.events.event(cronObj, 'Normal', 'SawCompletedJob', `Saw completed job: ${job.metadata?.name}, condition: ${finished}`)
      else active.push(jobRef(job))
    }
    for (const job of owned) {
      const finished = finishedCondition(job)
      if (!finished && !listed.some((r) => r.uid === job.metadata?.uid)) {
        // Started by someone else (kubectl create job --from=cronjob/...): not adopted into status.active.
        this.events.event(cronObj, 'Warning', 'UnexpectedJob', `Saw a job that the controller did not create or forgot: ${job.metadata?.name}`)
      }
      const completed = finished === 'Complete' ? job.status?.completionTime : undefined
      if (completed && (!status.lastSuccessfulTime || Date.parse(completed) > Date.parse(status.lastSuccessfulTime))) status.lastSuccessfulTime = completed
    }
    await this.cleanHistory(cj, owned)
    const now = this.ctx.clock.now()
    const schedule = parseCronSchedule(cj.spec?.schedule ?? '')
    const earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata?.creationTimestamp ?? '')
    const due = mostRecentSchedule(schedule, earliest, now)
    const deadline = cj.spec?.startingDeadlineSeconds
    const tooLate = due !== undefined && deadline !== undefined && deadline !== null && due + deadline * 1000 < now
    if (due !== undefined && !cj.spec?.suspend && !tooLate) {
      const policy = cj.spec?.concurrencyPolicy ?? 'Allow'
      if (policy === 'Forbid' && active.length > 0) {
        this.events.event(cronObj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid')
      } else {
        if (policy === 'Replace') {
          for (const ref of active.splice(0)) await this.deleteJob(cj, ref.name ?? '')
        }
        const job = await this.createJob(cj, due)
        if (job) active.push(jobRef(job))
        status.lastScheduleTime = new Date(due).toISOString().replace('.000Z', 'Z')
      }
    }
    if (active.length) status.active = active
    else delete status.active
    await this.writeStatus(cj, status)
    const next = nextCronTime(schedule, now)
    return next === undefined ? undefined : { requeueAfter: next - now + slackMs }
  }

  private async liveJob(ref: ObjectReference): Promise<Job | undefined> {
    try {
      const job = await this.jobClient.get(ref.namespace, ref.name ?? '')
      return job.metadata?.uid === ref.uid ? job : undefined
    } catch (e) {
      if (isNotFound(e)) return undefined
      throw e
    }
  }

  private async createJob(cj: CronJob, scheduled: number): Promise<Job | undefined> {
    const template = cj.spec?.jobTemplate ?? {}
    const name = `${cj.metadata?.name}-${Math.floor(scheduled / 60_000)}`
    const job: Job = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name,
        namespace: cj.metadata?.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [scheduledTimestampAnnotation]: new Date(scheduled).toISOString().replace('.000Z', 'Z') },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata?.name ?? '', uid: cj.metadata?.uid ?? '', controller: true, blockOwnerDeletion: true }]
      },
      spec: deepCopy(template.spec ?? { template: {} })
    }
    try {
      const created = await this.jobClient.create(job)
      this.events.event(cj as unknown as KubeObject, 'Normal', 'SuccessfulCreate', `Created job ${name}`)
      return created
    } catch (e) {
      // Already made for this time (a restart in between): it is followed like any other.
      if (isAlreadyExists(e)) return this.jobs.get(keyOf(cj.metadata?.namespace, name))
      this.events.event(cj as unknown as KubeObject, 'Warning', 'FailedCreate', `Error creating job: ${e instanceof Error ? e.message : String(e)}`)
      throw e
    }
  }

  private async deleteJob(cj: CronJob, name: string): Promise<void> {
    try {
      await this.jobClient.delete(cj.metadata?.namespace, name, { propagationPolicy: 'Background' })
      this.events.event(cj as unknown as KubeObject, 'Normal', 'SuccessfulDelete', `Deleted job ${name}`)
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }

  /** Keeps the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  private async cleanHistory(cj: CronJob, owned: readonly Job[]): Promise<void> {
    const byStart = (a: Job, b: Job) => Date.parse(a.status?.startTime ?? a.metadata?.creationTimestamp ?? '') - Date.parse(b.status?.startTime ?? b.metadata?.creationTimestamp ?? '')
    const limits: [string, number][] = [
      ['Complete', cj.spec?.successfulJobsHistoryLimit ?? 3],
      ['Failed', cj.spec?.failedJobsHistoryLimit ?? 1]
    ]
    for (const [kind, limit] of limits) {
      const finished = owned.filter((j) => finishedCondition(j) === kind && !j.metadata?.deletionTimestamp).sort(byStart)
      for (const job of finished.slice(0, Math.max(0, finished.length - limit))) await this.deleteJob(cj, job.metadata?.name ?? '')
    }
  }

  private async writeStatus(cj: CronJob, status: CronJobStatus): Promise<void> {
    if (JSON.stringify(cj.status ?? {}) === JSON.stringify(status)) return
    try {
      await this.cronJobClient.updateStatus({ ...cj, status })
    } catch (e) {
      if (!isConflict(e) && !isNotFound(e)) throw e
    }
  }
}

function jobRef(job: Job): ObjectReference {
  return { kind: 'Job', namespace: job.metadata?.namespace, name: job.metadata?.name, uid: job.metadata?.uid, apiVersion: 'batch/v1', resourceVersion: job.metadata?.resourceVersion }
}

/** The CronJob controller. */
export const cronJobComponent: ComponentFactory = (ctx) => new CronJobController(ctx)
