import type { Job } from 'kubernetes-types/batch/v1'
import type { Event, Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { isStatusError } from '../../../main/cluster/apimachinery/errors'
import { Cluster } from '../../../main/cluster/cluster'
import { simulatedRunSeconds } from '../../../main/cluster/node/kubelet/container-world'
import { waitFor } from '../../support/wait'

const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const eventsGVR = { group: '', version: 'v1', resource: 'events' }

function job(name: string, command: string[], spec: Partial<Job['spec']> = {}, restartPolicy = 'Never'): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { template: { spec: { containers: [{ name, image: 'busybox:1.36', command }], restartPolicy } }, ...spec }
  }
}

async function jobPods(cluster: Cluster, name: string): Promise<Pod[]> {
  return (await cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: `batch.kubernetes.io/job-name=${name}` })).items
}

async function eventsOf(cluster: Cluster, name: string): Promise<Event[]> {
  return (await cluster.client.resource<Event>(eventsGVR).list('default', { fieldSelector: `involvedObject.kind=Job,involvedObject.name=${name}` })).items
}

async function finished(cluster: Cluster, name: string, type: 'Complete' | 'Failed'): Promise<Job> {
  return waitFor(async () => {
    const got = await cluster.client.resource<Job>(jobsGVR).get('default', name)
    return got.status?.conditions?.some((c) => c.type === type && c.status === 'True') ? got : undefined
  }, `job ${name} ${type}`)
}

describe('Job', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('is defaulted as the apiserver does: one completion, backoffLimit 6, a selector on its uid and the job labels on its template', async () => {
    cluster = await Cluster.start({ clock: 'manual' })
    const created = await cluster.client.resource<Job>(jobsGVR).create(job('hello', ['echo', 'hi']))
    const uid = created.metadata?.uid
    expect(created.spec).toMatchObject({
      completions: 1,
      parallelism: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
      selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } }
    })
    expect(created.spec?.manualSelector).toBeUndefined()
    const jobLabels = {
      'batch.kubernetes.io/controller-uid': uid,
      'batch.kubernetes.io/job-name': 'hello',
      'controller-uid': uid,
      'job-name': 'hello'
    }
    expect(created.spec?.template.metadata?.labels).toEqual(jobLabels)
    // SetDefaults_Job: a Job without labels takes its template's
    expect(created.metadata?.labels).toEqual(jobLabels)
  })

  it('refuses restartPolicy Always and a changed template, with the real messages', async () => {
    cluster = await Cluster.start({ clock: 'manual' })
    const jobs = cluster.client.resource<Job>(jobsGVR)
    const refused = await jobs.create(job('always', ['true'], {}, 'Always')).catch((e: unknown) => e)
    expect(isStatusError(refused) && refused.status.code).toBe(422)
    expect(isStatusError(refused) && refused.message).toBe(
      'Job.batch "always" is invalid: spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"'
    )
    const created = structuredClone(await jobs.create(job('fixed', ['true'])))
    created.spec!.template.spec!.containers[0].image = 'busybox:1.37'
    const changed = await jobs.update(created).catch((e: unknown) => e)
    expect(isStatusError(changed) && changed.message).toMatch(/^Job\.batch "fixed" is invalid: spec\.template: Invalid value: .*: field is immutable$/)
  })

  it('runs completions 3 two at a time to Complete, with the events and counts of a real Job', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    await c.client.resource<Job>(jobsGVR).create(job('three', ['sh', '-c', 'echo working; sleep 2'], { completions: 3, parallelism: 2 }))
    const done = await finished(c, 'three', 'Complete')
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, terminating: 0, uncountedTerminatedPods: {} })
    // omitempty counters
    expect(done.status?.active).toBeUndefined()
    expect(done.status?.failed).toBeUndefined()
    expect(done.status?.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods']
    ])
    expect(Date.parse(done.status!.completionTime!)).toBeGreaterThanOrEqual(Date.parse(done.status!.startTime!))
    const pods = await jobPods(c, 'three')
    expect(pods.map((p) => p.status?.phase)).toEqual(['Succeeded', 'Succeeded', 'Succeeded'])
    expect(pods[0].status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(pods[0].metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'Job', name: 'three', uid: done.metadata?.uid, controller: true, blockOwnerDeletion: true }
    ])
    const events = await eventsOf(c, 'three')
    expect(events.filter((e) => e.reason === 'SuccessfulCreate').map((e) => e.message).sort()).toEqual(pods.map((p) => `Created pod: ${p.metadata?.name}`).sort())
    expect(events.find((e) => e.reason === 'Completed')?.message).toBe('Job completed')
  })

  it('fails with BackoffLimitExceeded once more pods failed than backoffLimit allows', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    await c.client.resource<Job>(jobsGVR).create(job('broken', ['sh', '-c', 'exit 1'], { backoffLimit: 1 }))
    const failed = await finished(c, 'broken', 'Failed')
    expect(failed.status?.failed).toBe(2)
    expect(failed.status?.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit']
    ])
    const pods = await jobPods(c, 'broken')
    expect(pods.map((p) => p.status?.phase)).toEqual(['Failed', 'Failed'])
    expect(pods[0].status?.containerStatuses?.[0].state?.terminated).toMatchObject({ exitCode: 1, reason: 'Error' })
    const events = await eventsOf(c, 'broken')
    expect(events.find((e) => e.reason === 'BackoffLimitExceeded')).toMatchObject({ type: 'Warning', message: 'Job has reached the specified backoff limit' })
  })

  it('a program Kubelab cannot run (perl computing pi) completes after the simulated run time', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const pi = job('pi', ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], { backoffLimit: 4 })
    pi.spec!.template.spec!.containers[0].image = 'perl:5.34.0'
    await c.client.resource<Job>(jobsGVR).create(pi)
    const done = await finished(c, 'pi', 'Complete')
    expect(done.status?.succeeded).toBe(1)
    const [pod] = await jobPods(c, 'pi')
    const terminated = pod.status?.containerStatuses?.[0].state?.terminated
    expect(terminated).toMatchObject({ exitCode: 0, reason: 'Completed' })
    expect(Date.parse(terminated!.finishedAt!) - Date.parse(terminated!.startedAt!)).toBe(simulatedRunSeconds * 1000)
  })

  it('fails with DeadlineExceeded after activeDeadlineSeconds, its running pod deleted', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    await c.client.resource<Job>(jobsGVR).create(job('slow', ['sleep', '600'], { activeDeadlineSeconds: 30 }))
    const failed = await finished(c, 'slow', 'Failed')
    expect(failed.status?.conditions?.map((x) => [x.type, x.reason, x.message])).toEqual([
      ['FailureTarget', 'DeadlineExceeded', 'Job was active longer than specified deadline'],
      ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline']
    ])
    expect(Date.parse(failed.status!.conditions![0].lastTransitionTime!) - Date.parse(failed.status!.startTime!)).toBe(30_000)
    await waitFor(async () => ((await jobPods(c, 'slow')).length === 0 ? true : undefined), 'the running pod deleted')
    expect((await eventsOf(c, 'slow')).find((e) => e.reason === 'DeadlineExceeded')?.type).toBe('Warning')
  })

  it('a suspended Job runs no pods until resumed', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const jobs = c.client.resource<Job>(jobsGVR)
    await jobs.create(job('later', ['echo', 'hi'], { suspend: true }))
    const suspended = await waitFor(async () => {
      const got = await jobs.get('default', 'later')
      return got.status?.conditions?.some((x) => x.type === 'Suspended' && x.status === 'True') ? got : undefined
    }, 'Suspended condition')
    expect(suspended.status?.conditions?.[0]).toMatchObject({ reason: 'JobSuspended', message: 'Job suspended' })
    expect(suspended.status?.startTime).toBeUndefined()
    expect(await jobPods(c, 'later')).toHaveLength(0)
    const resumed = structuredClone(await jobs.get('default', 'later'))
    resumed.spec!.suspend = false
    await jobs.update(resumed)
    const done = await finished(c, 'later', 'Complete')
    expect(done.status?.conditions?.find((x) => x.type === 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed', message: 'Job resumed' })
    expect((await eventsOf(c, 'later')).map((e) => e.reason)).toEqual(expect.arrayContaining(['Suspended', 'Resumed', 'SuccessfulCreate', 'Completed']))
  })

  it('ttlSecondsAfterFinished deletes the finished Job and its pods that long after it completed', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    const jobs = c.client.resource<Job>(jobsGVR)
    await jobs.create(job('brief', ['echo', 'hi'], { ttlSecondsAfterFinished: 100 }))
    const done = await finished(c, 'brief', 'Complete')
    await waitFor(async () => ((await jobs.list('default')).items.some((j) => j.metadata?.name === 'brief') ? undefined : true), 'the Job deleted')
    expect(c.clock.now() - Date.parse(done.status!.completionTime!)).toBeGreaterThanOrEqual(100_000)
    await waitFor(async () => ((await jobPods(c, 'brief')).length === 0 ? true : undefined), 'its pod deleted')
  })

  it('deleting the Job deletes its pods', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    const c = cluster
    await c.client.resource<Job>(jobsGVR).create(job('gone', ['echo', 'hi']))
    await finished(c, 'gone', 'Complete')
    expect(await jobPods(c, 'gone')).toHaveLength(1)
    await c.client.resource<Job>(jobsGVR).delete('default', 'gone', { propagationPolicy: 'Background' })
    await waitFor(async () => ((await jobPods(c, 'gone')).length === 0 ? true : undefined), 'the job pods deleted')
  })
})
