import { describe, expect, it } from 'vitest'
import { monitoredResources, ResourceCatalog } from '../../../main/cluster/controllers/garbage-collector/catalog'
import { itemKey, parseItemKey } from '../../../main/cluster/controllers/garbage-collector/graph'

describe('garbage collector catalog', () => {
  const catalog = new ResourceCatalog(monitoredResources())

  it('watches every served kind but events', () => {
    const ids = catalog.resources.map((r) => r.id)
    expect(ids).toEqual(expect.arrayContaining(['/pods', 'apps/replicasets', '/replicationcontrollers', 'apps/deployments', 'apps/daemonsets', '/endpoints', 'discovery.k8s.io/endpointslices', '/namespaces']))
    expect(ids).not.toContain('/events')
  })

  it('resolves owner references by group and kind, in any version of the group', () => {
    expect(catalog.forReference('apps/v1', 'ReplicaSet')?.gvr).toEqual({ group: 'apps', version: 'v1', resource: 'replicasets' })
    expect(catalog.forReference('apps/v1beta2', 'Deployment')?.id).toBe('apps/deployments')
    expect(catalog.forReference('v1', 'ReplicationController')?.namespaced).toBe(true)
    expect(catalog.forReference('v1', 'Node')?.namespaced).toBe(false)
    expect(catalog.forReference('example.com/v1', 'Widget')).toBeUndefined()
  })

  it('answers a reference again the same from memory, unknown ones too, past its bound', () => {
    const fresh = new ResourceCatalog(monitoredResources())
    for (let round = 0; round < 3; round++) {
      expect(fresh.forReference('apps/v1', 'ReplicaSet')).toBe(fresh.get('apps/replicasets'))
      expect(fresh.forReference('apps/v1', 'Widget')).toBeUndefined()
      expect(fresh.forReference('example.com/v1', 'Widget')).toBeUndefined()
      for (let i = 0; i < 700; i++) expect(fresh.forReference(`example.com/v${i}`, 'Deployment')).toBeUndefined()
      expect(fresh.forReference('apps/v1beta2', 'Deployment')?.id).toBe('apps/deployments')
    }
  })

  it('work-item keys round-trip', () => {
    const rs = catalog.get('apps/replicasets')!
    const key = itemKey(rs, 'default', 'web')
    expect(key).toBe('apps/replicasets default/web')
    expect(parseItemKey(key)).toEqual({ id: 'apps/replicasets', objectKey: 'default/web' })
    expect(parseItemKey(itemKey(catalog.get('/nodes')!, undefined, 'node-1'))).toEqual({ id: '/nodes', objectKey: 'node-1' })
  })
})
