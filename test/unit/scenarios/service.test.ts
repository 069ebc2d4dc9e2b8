/**
 * The scenarios service over a real (headless) cluster: it reads through the
 * shared informers, evaluates the open step as objects change and reports
 * only what changed, latches a step done while it is current, refuses steps
 * not open yet, applies nothing itself but remembers what was created, and
 * Reset deletes that newest first before the lesson starts over.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import type { KubeObject } from '../../../main/cluster/apimachinery/types'
import type { LessonsState } from '../../../main/cluster/scenarios/progress'
import { informerReads } from '../../../main/cluster/scenarios/reads'
import { ScenariosService } from '../../../main/cluster/scenarios/service'
import { waitFor } from '../../support/wait'
import { pod, rc } from './fixtures'

const rcs = { group: '', version: 'v1', resource: 'replicationcontrollers' }
const pods = { group: '', version: 'v1', resource: 'pods' }

let cluster: Cluster
let service: ScenariosService
const reports: LessonsState[] = []
const saved: unknown[] = []

/** A pod as the kubelet leaves it Running and Ready (no components run here). */
async function readyPod(name: string): Promise<void> {
  const { status, ...spec } = pod(name, { name: 'frontend' })
  const created = await cluster.client.resource(pods).create({ ...spec, metadata: { name, namespace: 'default', labels: { name: 'frontend' } } } as KubeObject)
  await cluster.client.resource(pods).updateStatus({ ...created, status } as KubeObject)
}

beforeAll(async () => {
  cluster = await Cluster.start({ clock: 'manual', components: [] })
  service = new ScenariosService({
    reads: informerReads(cluster.informers!),
    client: cluster.client,
    dataDir: '/tmp/lab',
    report: (s) => reports.push(s),
    save: (s) => saved.push(structuredClone(s))
  })
})

afterAll(async () => {
  service?.stop()
  await cluster?.stop()
})

describe('ScenariosService', () => {
  it('lists the lessons as data, commands naming the data dir written out', () => {
    const list = service.list()
    expect(list.map((l) => l.id)).toEqual(['guestbook', 'scale-rc', 'node-down', 'hpa', 'pv-pvc', 'static-pods', 'namespaces', 'broken-service'])
    const own = list.find((l) => l.id === 'static-pods')!.steps[1]
    expect(own.commands[0]).toMatch(/^cat > \/tmp\/lab\/nodes\/kubelab-worker\/manifests\/static-web\.yaml/)
    // A button that depends on the cluster has no action in the list: lessons/action resolves it.
    expect(list.find((l) => l.id === 'node-down')!.steps[1].actions).toEqual([{ label: 'Power off the busiest worker' }, { label: 'Play at 60x', action: { type: 'clock', speed: 60, paused: false } }])
    expect(JSON.parse(JSON.stringify(list))).toEqual(list)
  })

  it('evaluates the open step as objects change, reports changes only, and latches the step done', async () => {
    const state = service.start('scale-rc')
    expect(state.check).toEqual({ lessonId: 'scale-rc', step: 'start', done: false, reason: 'no ReplicationController frontend in default yet' })
    const frontend = rc('frontend', 3, { name: 'frontend' })
    const template = { metadata: { labels: { name: 'frontend' } }, spec: { containers: [{ name: 'php-redis', image: 'kubernetes/example-guestbook-php-redis:v2' }] } }
    await cluster.client.resource(rcs).create({ ...frontend, spec: { ...(frontend.spec as object), template } })
    service.recordCreated('scale-rc', [{ gvr: rcs, namespace: 'default', name: 'frontend' }])
    await waitFor(() => reports.at(-1)?.check?.reason === '0 of 3 frontend pods Ready', 'a report of the RC with no pods')
    for (const n of ['a', 'b', 'c']) await readyPod(`frontend-${n}`)
    await waitFor(() => reports.at(-1)?.progress['scale-rc']?.passed.includes('start') === true, 'the start step latched done')
    expect(reports.at(-1)!.check).toEqual({ lessonId: 'scale-rc', step: 'start', done: true, reason: '3 of 3 frontend pods Ready' })
    // No two reports in a row are the same.
    for (let i = 1; i < reports.length; i++) expect(JSON.stringify(reports[i])).not.toBe(JSON.stringify(reports[i - 1]))
    expect(saved.at(-1)).toMatchObject({ active: 'scale-rc', progress: { 'scale-rc': { passed: ['start'] } } })
  })

  it('opens only steps whose predecessors are done, and resolves buttons against the cluster', () => {
    expect(() => service.advance('scale-rc', 2)).toThrow('step 3 of lesson scale-rc is not open yet: the steps before it are not done')
    expect(service.advance('scale-rc', 1).check).toEqual({ lessonId: 'scale-rc', step: 'up', done: false, reason: 'frontend asks for 3 replicas, not 5' })
    expect(service.resolveAction('scale-rc', 'up', 0)).toMatchObject({ action: { type: 'scale', replicas: 5 } })
    expect(service.resolveAction('node-down', 'power-off', 0)).toEqual({ unavailable: 'no worker runs a web pod yet' })
    expect(() => service.start('nope')).toThrow('no lesson "nope"')
  })

  it('resets: deletes what the lesson created, waits for it to leave the caches, and starts over', async () => {
    const failures = await service.reset('scale-rc', async () => {}, (p) => p)
    expect(failures).toEqual([])
    await expect(cluster.client.resource(rcs).get('default', 'frontend')).rejects.toMatchObject({ status: { code: 404 } })
    expect(service.state()).toMatchObject({ active: 'scale-rc', progress: { 'scale-rc': { step: 0, passed: [] } }, resetting: false })
    // Pods the lesson did not create (no controller ran to own them) stay.
    expect((await cluster.client.resource(pods).list('default')).items).toHaveLength(3)
  })

  it('runs a step trace through the API and keeps its answer for the check', async () => {
    service.start('broken-service')
    const result = await service.trace('broken-service', 'trace', { source: { external: true }, destination: { address: '10.96.0.99', port: 80 } })
    expect(result.verdict).toBe('Dropped')
    expect(service.state().progress['broken-service']).toEqual({ step: 0, passed: [] })
    // The trace counts for its own step only: the first step still waits for the shop.
    expect(service.state().check).toMatchObject({ step: 'deploy', done: false })
  })
})
