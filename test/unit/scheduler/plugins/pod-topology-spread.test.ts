import { describe, expect, it } from 'vitest'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Service } from 'kubernetes-types/core/v1'
import type { TopologySpreadConstraint } from 'kubernetes-types/core/v1'
import { filterResult, makeNode, makePod, schedulerWith, scoresOf } from '../helpers'
import { countSlot } from '../../../../main/cluster/scheduler/cache/count-slots'

const plugin = 'PodTopologySpread'
const zoneNodes = [makeNode('a1', { labels: { zone: 'a' } }), makeNode('a2', { labels: { zone: 'a' } }), makeNode('b1', { labels: { zone: 'b' } })]

function spread(maxSkew: number, topologyKey: string, whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway' = 'DoNotSchedule', extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint {
  return { maxSkew, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } }, ...extra }
}

const web = (name: string, nodeName?: string, constraints: TopologySpreadConstraint[] = []) =>
  makePod(name, { labels: { app: 'web' }, nodeName, spec: constraints.length ? { topologySpreadConstraints: constraints } : {} })

describe('PodTopologySpread Filter (DoNotSchedule)', () => {
  const placed = [web('w1', 'a1'), web('w2', 'a2')] // zone a: 2, zone b: 0

  it('rejects a domain that would exceed the global minimum by more than maxSkew', () => {
    const pod = web('new', undefined, [spread(1, 'zone')])
    const s = schedulerWith([plugin], zoneNodes, placed)
    const out = s.scheduleOne(pod)
    // zone a: 2 + 1 − 0 = 3 > 1 → rejected; zone b: 0 + 1 − 0 = 1 → fits.
    expect(out.result === 'Scheduled' && out.nodeName).toBe('b1')
    expect(out.record?.diagnosis.nodeToStatus.get('a1')?.message()).toBe("node(s) didn't match pod topology spread constraints")
  })

  it('accepts every domain within maxSkew', () => {
    expect(filterResult(plugin, web('new', undefined, [spread(3, 'zone')]), zoneNodes[0], placed)).toBe('fits')
  })

  it('rejects nodes without the topology key as unresolvable', () => {
    expect(filterResult(plugin, web('new', undefined, [spread(1, 'zone')]), makeNode('bare'))).toBe("UnschedulableAndUnresolvable: node(s) didn't match pod topology spread constraints (missing required label)")
  })

  it('takes the global minimum as 0 while fewer domains than minDomains exist', () => {
    const s = schedulerWith([plugin], zoneNodes, [web('w1', 'a1'), web('w2', 'b1')])
    // a: 1, b: 1; minDomains 3 > 2 domains → min 0 → 1 + 1 − 0 = 2 > 1 everywhere. (No PostFilter in this profile.)
    const out = s.scheduleOne(web('new', undefined, [spread(1, 'zone', 'DoNotSchedule', { minDomains: 3 })]))
    expect(out.result === 'Unschedulable' && out.message).toBe("0/3 nodes are available: 3 node(s) didn't match pod topology spread constraints.")
  })

  it('does not count pods of other namespaces or labels', () => {
    const others = [makePod('x', { labels: { app: 'web' }, namespace: 'other', nodeName: 'a1' }), makePod('y', { labels: { app: 'db' }, nodeName: 'a1' })]
    expect(filterResult(plugin, web('new', undefined, [spread(1, 'zone')]), zoneNodes[0], others)).toBe('fits')
  })
})

describe('PodTopologySpread Score', () => {
  it('prefers the emptier domain for ScheduleAnyway constraints', () => {
    const scores = scoresOf(plugin, web('new', undefined, [spread(1, 'zone', 'ScheduleAnyway')]), zoneNodes, [web('w1', 'a1'), web('w2', 'a2')])
    expect(scores.b1).toBe(100)
    expect(scores.a1).toBeLessThan(scores.b1)
    expect(scores.a1).toBe(scores.a2)
  })

  it('spreads the pods of a ReplicaSet by default (system default constraints) per hostname', () => {
    const rs: ReplicaSet = { metadata: { name: 'web-rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: {} } }
    const owned = (name: string, nodeName?: string) => makePod(name, { labels: { app: 'web' }, nodeName, ownerRS: 'web-rs' })
    const nodes = [makeNode('n1'), makeNode('n2'), makeNode('n3')]
    const l = { replicaSet: (ns: string, name: string) => (ns === 'default' && name === 'web-rs' ? rs : undefined) }
    // n1 holds two replicas, n2 one: raw = count·ln(3+2) + (3 − 1): n1 5.2→5, n2 3.6→4, n3 2 → 100·(max+min−s)/max.
    expect(scoresOf(plugin, owned('new'), nodes, [owned('r1', 'n1'), owned('r2', 'n1'), owned('r3', 'n2')], l)).toEqual({ n1: 40, n2: 60, n3: 100 })
  })

  it('counts each pod placed since the last decision, also after the count slots start over', () => {
    const rs: ReplicaSet = { metadata: { name: 'web-rs', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'web' } }, template: {} } }
    const owned = (name: string, nodeName?: string) => makePod(name, { labels: { app: 'web' }, nodeName, ownerRS: 'web-rs' })
    const s = schedulerWith([plugin], [makeNode('n1'), makeNode('n2'), makeNode('n3')], [], { replicaSet: (ns, name) => (ns === 'default' && name === 'web-rs' ? rs : undefined) })
    const placedOn = (): Record<string, number> => {
      const on: Record<string, number> = {}
      for (let i = 0; i < 9; i++) {
        const out = s.scheduleOne(owned(`r${i}`))
        if (out.result !== 'Scheduled') throw new Error(out.message)
        on[out.nodeName] = (on[out.nodeName] ?? 0) + 1
        // Other selectors in use meanwhile: the slot table starts over more than once.
        if (i % 3 === 2) for (let k = 0; k < 200; k++) countSlot(`test\u0000churn-${i}-${k}`)
      }
      return on
    }
    // Each decision sees the replicas before it: 9 replicas spread 3 per node.
    expect(placedOn()).toEqual({ n1: 3, n2: 3, n3: 3 })
  })

  it('has nothing to spread for pods without an owner or service', () => {
    expect(scoresOf(plugin, makePod('p', { labels: { app: 'web' } }), [makeNode('n1'), makeNode('n2')])).toEqual({ n1: NaN, n2: NaN })
  })

  it('takes a selecting Service as the default selector', () => {
    const svc: Service = { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }
    const scores = scoresOf(plugin, makePod('p', { labels: { app: 'web' } }), [makeNode('n1'), makeNode('n2')], [web('w1', 'n1')], { services: () => [svc] })
    expect(scores.n2).toBe(100)
    expect(scores.n1).toBeLessThan(100)
  })
})
