import type { Pod } from 'kubernetes-types/core/v1'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Cluster } from '../../../main/cluster/cluster'
import { waitFor } from '../../support/wait'
import { clients, eventsAbout, getPod, nodesReady, podReady, runOn, startCluster } from './helpers'

/**
 * The kubelet's container events name the container in involvedObject.fieldPath,
 * as kubecontainer.GenerateContainerRef does (`spec.containers{web}`,
 * `spec.initContainers{setup}`): `kubectl get events -o wide` shows it as SUBOBJECT.
 */
describe('kubelet container events', () => {
  let cluster: Cluster

  beforeEach(async () => {
    cluster = await startCluster()
    await nodesReady(cluster, ['kubelab-worker'])
  })
  afterEach(async () => {
    await cluster.stop()
  })

  it('carry the container field path; Killing on delete names each running container', async () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: {
        initContainers: [{ name: 'setup', image: 'busybox:1.36', command: ['true'] }],
        containers: [{ name: 'web', image: 'nginx:1.27' }]
      }
    }
    await runOn(cluster, pod, 'kubelab-worker')
    await waitFor(async () => podReady(await getPod(cluster, 'web')), 'web Ready')
    const started = await waitFor(async () => {
      const list = await eventsAbout(cluster, 'Pod', 'web')
      return list.filter((e) => e.reason === 'Started').length === 2 ? list : undefined
    }, 'two Started events')
    const byContainer = started.map((e) => `${e.involvedObject.fieldPath} ${e.reason}`)
    expect(byContainer).toEqual([
      'spec.initContainers{setup} Pulling',
      'spec.initContainers{setup} Pulled',
      'spec.initContainers{setup} Created',
      'spec.initContainers{setup} Started',
      'spec.containers{web} Pulling',
      'spec.containers{web} Pulled',
      'spec.containers{web} Created',
      'spec.containers{web} Started'
    ])
    const uid = (await getPod(cluster, 'web'))!.metadata!.uid
    for (const e of started) expect(e.involvedObject).toMatchObject({ apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web', uid })

    await clients(cluster).pods.delete('default', 'web')
    const killing = await waitFor(async () => (await eventsAbout(cluster, 'Pod', 'web')).find((e) => e.reason === 'Killing'), 'Killing')
    expect(killing.message).toBe('Stopping container web')
    expect(killing.involvedObject.fieldPath).toBe('spec.containers{web}')
  })
})
