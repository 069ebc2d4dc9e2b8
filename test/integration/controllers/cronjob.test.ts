import type { CronJob, Job } from 'kubernetes-types/batch/v1'
import type { Event } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'

const cronJobsGVR = { group: 'batch', version: 'v1', resource: 'cronjobs' }
const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }

function cronJob(name: string, spec: Partial<CronJob['spec']> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { spec: { template: { spec: { containers: [{ name, image: 'busybox:1.36', command: ['echo', 'hello'] }], restartPolicy: 'OnFailure' } } } },
      ...spec
    }
  }
}

async function jobsOf(cluster: Cluster, uid: string): Promise<Job[]> {
  return (await cluster.client.resource<Job>(jobsGVR).list('default')).items.filter((j) => j.metadata?.ownerReferences?.some((r) => r.uid === uid))
}

describe('CronJob', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('is defaulted and its schedule validated', async () => {
    cluster = await Cluster.start({ clock: 'manual' })
    const cronJobs = cluster.client.resource<CronJob>(cronJobsGVR)
    const created = await cronJobs.create(cronJob('defaults'))
    expect(created.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 })
    const refused = await cronJobs.create(cronJob('bad', { schedule: 'every minute' })).catch((e: Error) => e.message)
    expect(refused).toBe('CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "every minute": expected exactly 5 fields, found 2: [every minute]')
  })

  it('creates a Job at each scheduled minute, follows it to completion and keeps three successful ones', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const cj = await c.client.resource<CronJob>(cronJobsGVR).create(cronJob('hello'))
    const uid = cj.metadata!.uid!
    const jobs = await waitFor(async () => {
      const got = await jobsOf(c, uid)
      const done = got.filter((j) => j.status?.conditions?.some((x) => x.type === 'Complete'))
      const events = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.involvedObject.name === 'hello' && e.reason === 'SuccessfulDelete')
      return done.length === 3 && events.length >= 1 ? got : undefined
    }, 'three complete jobs after history cleanup', 20_000)
    for (const job of jobs) {
      const scheduled = job.metadata?.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']
      expect(job.metadata?.name).toBe(`hello-${Date.parse(scheduled!) / 60_000}`)
      expect(Date.parse(scheduled!) % 60_000).toBe(0)
      expect(job.metadata?.ownerReferences?.[0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true })
    }
    const status = (await c.client.resource<CronJob>(cronJobsGVR).get('default', 'hello')).status
    expect(status?.lastScheduleTime).toMatch(/:00Z$/)
    expect(status?.lastSuccessfulTime).toBeDefined()
    const reasons = (await c.client.resource<Event>(eventsGVR).list('default')).items.filter((e) => e.involvedObject.name === 'hello').map((e) => e.reason)
    expect(reasons).toEqual(expect.arrayContaining(['SuccessfulCreate', 'SawCompletedJob', 'SuccessfulDelete']))
    expect(reasons).not.toContain('MissingJob')
    expect(reasons).not.toContain('UnexpectedJob')
  })

  it('a suspended CronJob creates nothing while its unsuspended twin runs', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const paused = await c.client.resource<CronJob>(cronJobsGVR).create(cronJob('paused', { suspend: true }))
    const running = await c.client.resource<CronJob>(cronJobsGVR).create(cronJob('running'))
    await waitFor(async () => ((await jobsOf(c, running.metadata!.uid!)).length >= 2 ? true : undefined), 'two jobs of the running twin')
    expect(await jobsOf(c, paused.metadata!.uid!)).toHaveLength(0)
    expect((await c.client.resource<CronJob>(cronJobsGVR).get('default', 'paused')).status?.lastScheduleTime).toBeUndefined()
  })
})
