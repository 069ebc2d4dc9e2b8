import type { Job } from 'kubernetes-types/batch/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import { afterEach, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { formatIndexes, parseIndexes } from '../../../main/cluster/controllers/job/indexed'
import { waitFor } from '../../support/wait'

const jobsGVR = { group: 'batch', version: 'v1', resource: 'jobs' }
const podsGVR = { group: '', version: 'v1', resource: 'pods' }

describe('an Indexed Job', () => {
  let cluster: Cluster | undefined
  afterEach(async () => {
    await cluster?.stop()
    cluster = undefined
  })

  it('writes completed indexes as kube-controller-manager does', () => {
    expect(formatIndexes(new Set([1, 3, 4, 5, 7]))).toBe('1,3-5,7')
    expect(formatIndexes(new Set([2, 3, 6, 7, 8]))).toBe('2,3,6-8')
    expect([...parseIndexes('1,3-5,7,12', 10)]).toEqual([1, 3, 4, 5, 7])
  })

  it('runs one successful pod per index, each told its index, and completes when all are done', async () => {
    cluster = await Cluster.start({ clock: 'instant' })
    await cluster.client.resource<Job>(jobsGVR).create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'shard', namespace: 'default' },
      spec: {
        completions: 4,
        parallelism: 2,
        completionMode: 'Indexed',
        template: { spec: { restartPolicy: 'Never', containers: [{ name: 'worker', image: 'busybox:1.36', command: ['sh', '-c', 'echo shard $JOB_COMPLETION_INDEX of 4'] }] } }
      }
    })
    const done = await waitFor(async () => {
      const job = await cluster!.client.resource<Job>(jobsGVR).get('default', 'shard')
      return job.status?.conditions?.some((c) => c.type === 'Complete' && c.status === 'True') ? job : undefined
    }, 'the Job Complete', 30_000)
    expect(done.status).toMatchObject({ succeeded: 4, completedIndexes: '0-3' })
    const pods = (await cluster.client.resource<Pod>(podsGVR).list('default', { labelSelector: 'batch.kubernetes.io/job-name=shard' })).items
    expect(pods).toHaveLength(4)
    const byIndex = new Map(pods.map((p) => [p.metadata!.annotations!['batch.kubernetes.io/job-completion-index'], p]))
    expect([...byIndex.keys()].sort()).toEqual(['0', '1', '2', '3'])
    for (const [index, pod] of byIndex) {
      expect(pod.metadata!.name).toMatch(new RegExp(`^shard-${index}-[a-z0-9]{5}$`))
      expect(pod.metadata!.labels!['batch.kubernetes.io/job-completion-index']).toBe(index)
      expect(pod.spec!.hostname).toBe(`shard-${index}`)
      expect(pod.spec!.containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } })
      const log = cluster.world.logs.read({ namespace: 'default', pod: pod.metadata!.name!, uid: pod.metadata!.uid!, container: 'worker' })
      expect(log?.map((l) => l.text)).toEqual([`shard ${index} of 4`])
    }
  })
})
