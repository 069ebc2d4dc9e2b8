import type { Job } from 'kubernetes-types/batch/v1'
import { isNotFound } from '../../apimachinery/errors'
import type { ReconcileResult } from '../../client/controller'
import { ControllerComponent } from '../../client/controller-component'
import type { Component, ComponentContext, ComponentFactory } from '../../component'

const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const controllerName = 'ttl-after-finished-controller'

/** When the Job finished: its Complete or Failed condition's transition (completionTime for Complete). */
function finishedAt(job: Job): number | undefined {
  const c = (job.status?.conditions ?? []).find((x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True')
  if (!c) return undefined
  const at = Date.parse((c.type === 'Complete' ? job.status?.completionTime : undefined) ?? c.lastTransitionTime ?? '')
  return Number.isNaN(at) ? undefined : at
}

/**
 * kube-controller-manager's `ttl-after-finished` controller: a finished Job
 * with spec.ttlSecondsAfterFinished is deleted (foreground, so its pods go
 * first) that many seconds after it finished.
 */
class TtlAfterFinishedController extends ControllerComponent<ComponentContext> implements Component {
  private readonly jobs = this.informer<Job>(jobsGVR)
  private readonly jobClient = this.resourceClient<Job>(jobsGVR)

  constructor(ctx: ComponentContext) {
    super(ctx, controllerName)
    this.controller({ watches: [{ resource: jobsGVR }], reconcile: (key) => this.sync(key) })
  }

  private async sync(key: string): Promise<void | ReconcileResult> {
    const job = this.jobs.get(key)
    const ttl = job?.spec?.ttlSecondsAfterFinished
    if (!job || job.metadata?.deletionTimestamp || ttl === undefined || ttl === null) return
    const finished = finishedAt(job)
    if (finished === undefined) return
    const left = finished + ttl * 1000 - this.ctx.clock.now()
    if (left > 0) return { requeueAfter: left }
    try {
      await this.jobClient.delete(job.metadata?.namespace, job.metadata?.name ?? '', { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata?.uid } })
    } catch (e) {
      if (!isNotFound(e)) throw e
    }
  }
}

/** The TTL-after-finished controller for Jobs. */
export const ttlAfterFinishedComponent: ComponentFactory = (ctx) => new TtlAfterFinishedController(ctx)
