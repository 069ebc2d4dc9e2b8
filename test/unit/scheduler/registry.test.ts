import { describe, expect, it } from 'vitest'
import { Registry, Scheduler, defaultProfile, inTreeRegistry, type FilterPlugin } from '../../../main/cluster/scheduler'

const noop = (): FilterPlugin => ({ name: 'Noop', filter: () => null })

describe('plugin registry', () => {
  it('refuses a second plugin under the same name', () => {
    const r = new Registry().register('Noop', noop)
    expect(() => r.register('Noop', noop)).toThrow('a plugin named Noop already exists')
  })

  it('refuses duplicates when merging registries', () => {
    const r = inTreeRegistry()
    expect(() => r.merge(inTreeRegistry())).toThrow('a plugin named NodeUnschedulable already exists')
  })

  it('refuses to unregister what is not there', () => {
    expect(() => new Registry().unregister('Noop')).toThrow('no plugin named Noop exists')
  })

  it('holds every plugin of the default profile', () => {
    const names = inTreeRegistry().names()
    for (const p of defaultProfile.plugins) expect(names).toContain(p.name)
  })

  it('runs filters in profile order and uses kube-scheduler default weights', () => {
    const s = new Scheduler()
    expect(s.framework.filterPlugins.map((p) => p.name)).toEqual([
      'NodeUnschedulable',
      'NodeName',
      'TaintToleration',
      'NodeAffinity',
      'NodePorts',
      'NodeResourcesFit',
      'VolumeBinding',
      'PodTopologySpread',
      'InterPodAffinity'
    ])
    expect(Object.fromEntries(s.framework.scorePlugins.map((p) => [p.plugin.name, p.weight]))).toEqual({
      TaintToleration: 3,
      NodeAffinity: 2,
      NodeResourcesFit: 1,
      PodTopologySpread: 2,
      NodeResourcesBalancedAllocation: 1
    })
  })

  it('rejects a profile naming an unknown plugin', () => {
    expect(() => new Scheduler({ profile: { schedulerName: 'x', plugins: [{ name: 'Nope' }] } })).toThrow('plugin "Nope" does not exist')
  })

  it('accepts out-of-tree plugins through a merged registry', () => {
    const registry = inTreeRegistry().register('Noop', noop)
    const s = new Scheduler({ registry, profile: { schedulerName: 'x', plugins: [{ name: 'Noop' }] } })
    expect(s.framework.filterPlugins.map((p) => p.name)).toEqual(['Noop'])
  })
})
