import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Cluster } from '../../../main/cluster/cluster'
import { autoRegisterLabel, ensureAutoregisteredAPIServices } from '../../../main/cluster/apiserver/apiservice-registration'
import type { APIServiceObject } from '../../../main/cluster/registry/kinds/apiservice'

describe('APIService autoregistration', () => {
  let cluster: Cluster
  const apiServices = () => cluster.client.resource<APIServiceObject>({ group: 'apiregistration.k8s.io', version: 'v1', resource: 'apiservices' })
  beforeAll(async () => {
    cluster = await Cluster.start({ clock: 'manual', components: [] })
  }, 60_000)
  afterAll(async () => {
    await cluster?.stop()
  })

  it('registers a Local, available APIService per served group-version with kube-apiserver priorities', async () => {
    const items = (await apiServices().list()).items
    const names = items.map((a) => a.metadata.name)
    expect(names).toEqual(expect.arrayContaining(['v1.', 'v1.apiregistration.k8s.io', 'v1.apps', 'v2.autoscaling', 'v1.autoscaling', 'v1.authorization.k8s.io', 'v1beta1.metrics.k8s.io']))
    // Kubelab's own group is not in kube-apiserver's table: no APIService, as for any unknown group-version.
    expect(names.some((n) => n?.endsWith('kubelab.dev'))).toBe(false)
    const core = items.find((a) => a.metadata.name === 'v1.')!
    expect(core.metadata.labels).toEqual({ [autoRegisterLabel]: 'onstart' })
    expect(core.spec).toEqual({ group: '', version: 'v1', groupPriorityMinimum: 18000, versionPriority: 1 })
    expect(items.find((a) => a.metadata.name === 'v2.autoscaling')!.spec).toMatchObject({ groupPriorityMinimum: 17500, versionPriority: 30 })
    expect(items.find((a) => a.metadata.name === 'v1beta1.metrics.k8s.io')!.spec).toMatchObject({ groupPriorityMinimum: 100, versionPriority: 100 })
    expect(core.status?.conditions).toEqual([
      { type: 'Available', status: 'True', lastTransitionTime: expect.any(String), reason: 'Local', message: 'Local APIServices are always available' }
    ])
  })

  it('puts back what was changed and removes what is no longer served, on the next start', async () => {
    const apps = await apiServices().get(undefined, 'v1.apps')
    await apiServices().update({ ...apps, spec: { ...apps.spec!, versionPriority: 1 } })
    await apiServices().create({ apiVersion: 'apiregistration.k8s.io/v1', kind: 'APIService', metadata: { name: 'v1alpha1.gone.k8s.io', labels: { [autoRegisterLabel]: 'onstart' } }, spec: { group: 'gone.k8s.io', version: 'v1alpha1', groupPriorityMinimum: 1, versionPriority: 1 } } as APIServiceObject)
    await ensureAutoregisteredAPIServices(cluster.client, cluster.resources.registry, cluster.clock)
    expect((await apiServices().get(undefined, 'v1.apps')).spec?.versionPriority).toBe(15)
    await expect(apiServices().get(undefined, 'v1alpha1.gone.k8s.io')).rejects.toThrow('not found')
  })
})
