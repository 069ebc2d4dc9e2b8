import { describe, expect, it } from 'vitest'
import type { PodAffinityTerm } from 'kubernetes-types/core/v1'
import { filterResult, makeNode, makePod, schedulerWith } from '../helpers'

const plugin = 'InterPodAffinity'
const nodes = [makeNode('a1', { labels: { zone: 'a' } }), makeNode('a2', { labels: { zone: 'a' } }), makeNode('b1', { labels: { zone: 'b' } })]

function term(app: string, topologyKey: string): PodAffinityTerm {
  return { labelSelector: { matchLabels: { app } }, topologyKey }
}

describe('InterPodAffinity Filter', () => {
  const db = makePod('db', { labels: { app: 'db' }, nodeName: 'a1' })

  it('places a pod with required affinity in the domain of a matching pod', () => {
    const pod = makePod('web', { labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] } } })
    expect(filterResult(plugin, pod, nodes[1], [db], {}, nodes)).toBe('fits')
    expect(filterResult(plugin, pod, nodes[2], [db], {}, nodes)).toBe("UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules")
  })

  it('rejects nodes without the topology key', () => {
    const pod = makePod('web', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'rack')] } } })
    expect(filterResult(plugin, pod, nodes[0], [db], {}, nodes)).toBe("UnschedulableAndUnresolvable: node(s) didn't match pod affinity rules")
  })

  it('lets the first pod of a group that matches its own affinity start it', () => {
    const pod = makePod('web-0', { labels: { app: 'web' }, affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'zone')] } } })
    expect(filterResult(plugin, pod, nodes[2])).toBe('fits')
  })

  it('keeps a pod with anti-affinity out of the domain of matching pods', () => {
    const pod = makePod('web', { labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] } } })
    expect(filterResult(plugin, pod, nodes[1], [db], {}, nodes)).toBe("Unschedulable: node(s) didn't match pod anti-affinity rules")
    expect(filterResult(plugin, pod, nodes[2], [db], {}, nodes)).toBe('fits')
  })

  it('respects the anti-affinity of pods already placed', () => {
    const lonely = makePod('lonely', { labels: { app: 'lonely' }, nodeName: 'a1', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')] } } })
    const pod = makePod('web', { labels: { app: 'web' } })
    expect(filterResult(plugin, pod, nodes[0], [lonely], {}, nodes)).toBe("Unschedulable: node(s) didn't satisfy existing pods anti-affinity rules")
    expect(filterResult(plugin, pod, nodes[1], [lonely], {}, nodes)).toBe('fits')
  })

  it('spreads replicas one per node with hostname anti-affinity', () => {
    const s = schedulerWith([plugin], nodes)
    const replica = (i: number) => makePod(`web-${i}`, { labels: { app: 'web' }, affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'kubernetes.io/hostname')] } } })
    const placed = [0, 1, 2].map((i) => s.scheduleOne(replica(i))).map((o) => (o.result === 'Scheduled' ? o.nodeName : o.result))
    expect(new Set(placed).size).toBe(3)
    const fourth = s.scheduleOne(replica(3))
    expect(fourth.result === 'Unschedulable' && fourth.message).toBe("0/3 nodes are available: 3 node(s) didn't match pod anti-affinity rules.")
  })
})
