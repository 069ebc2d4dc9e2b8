import type { Pod } from 'kubernetes-types/core/v1'
import { describe, expect, it } from 'vitest'
import { filterResult, makeNode, makePod, scoresOf } from '../helpers'
import { PodInfo } from '../../../../main/cluster/scheduler'

const plugin = 'NodeResourcesFit'
const node = makeNode('n', { cpu: '2', memory: '4Gi', pods: '3', extra: { 'ephemeral-storage': '10Gi', 'example.com/gpu': '1' } })

describe('NodeResourcesFit Filter', () => {
  it.each<[string, Record<string, string> | undefined, string]>([
    ['requests that fit', { cpu: '1', memory: '1Gi' }, 'fits'],
    ['exactly what is left', { cpu: '2', memory: '4Gi' }, 'fits'],
    ['too much cpu', { cpu: '2500m' }, 'Unschedulable: Insufficient cpu'],
    ['too much memory', { memory: '5Gi' }, 'Unschedulable: Insufficient memory'],
    ['both: every reason is kept', { cpu: '3', memory: '5Gi' }, 'Unschedulable: Insufficient cpu, Insufficient memory'],
    ['too much ephemeral-storage', { 'ephemeral-storage': '11Gi' }, 'Unschedulable: Insufficient ephemeral-storage'],
    ['an extended resource', { 'example.com/gpu': '2' }, 'Unschedulable: Insufficient example.com/gpu'],
    ['an extended resource the node lacks', { 'example.com/fpga': '1' }, 'Unschedulable: Insufficient example.com/fpga'],
    ['no requests at all', undefined, 'fits']
  ])('%s', (_name, requests, expected) => {
    expect(filterResult(plugin, makePod('p', { requests }), node)).toBe(expected)
  })

  it('counts the requests of pods already on the node', () => {
    const placed = [makePod('a', { requests: { cpu: '1500m' }, nodeName: 'n' })]
    expect(filterResult(plugin, makePod('p', { requests: { cpu: '500m' } }), node, placed)).toBe('fits')
    expect(filterResult(plugin, makePod('p', { requests: { cpu: '501m' } }), node, placed)).toBe('Unschedulable: Insufficient cpu')
  })

  it('reports Too many pods first, even for a pod requesting nothing', () => {
    const placed = ['a', 'b', 'c'].map((n) => makePod(n, { nodeName: 'n' }))
    expect(filterResult(plugin, makePod('p'), node, placed)).toBe('Unschedulable: Too many pods')
    expect(filterResult(plugin, makePod('p', { requests: { cpu: '3' } }), node, placed)).toBe('Unschedulable: Too many pods, Insufficient cpu')
  })

  it('does not count finished pods', () => {
    const done: Pod = { ...makePod('a', { requests: { cpu: '2' }, nodeName: 'n' }), status: { phase: 'Succeeded' } }
    expect(filterResult(plugin, makePod('p', { requests: { cpu: '1' } }), node, [done])).toBe('fits')
  })
})

describe('pod requests (resourcehelper.PodRequests)', () => {
  const c = (name: string, cpu: string, restartPolicy?: 'Always') => ({ name, image: 'x', resources: { requests: { cpu } }, ...(restartPolicy ? { restartPolicy } : {}) })

  it('is the sum of the containers', () => {
    expect(new PodInfo(makePod('p', { containers: [c('a', '100m'), c('b', '250m')] })).requests.milliCPU).toBe(350)
  })

  it('is raised to the largest init container', () => {
    expect(new PodInfo(makePod('p', { containers: [c('a', '100m')], initContainers: [c('i1', '500m'), c('i2', '200m')] })).requests.milliCPU).toBe(500)
  })

  it('adds sidecars (restartable init containers) to the containers and to later init containers', () => {
    // sidecar 100m runs along: containers 200m + 100m = 300m; init i2 needs 500m + the sidecar = 600m.
    const pod = makePod('p', { containers: [c('a', '200m')], initContainers: [c('side', '100m', 'Always'), c('i2', '500m')] })
    expect(new PodInfo(pod).requests.milliCPU).toBe(600)
  })

  it('adds the pod overhead', () => {
    const pod = makePod('p', { containers: [c('a', '200m')], spec: { overhead: { cpu: '50m' } } })
    expect(new PodInfo(pod).requests.milliCPU).toBe(250)
  })

  it('counts a missing cpu or memory request as 100m / 200MB for scoring only', () => {
    const pi = new PodInfo(makePod('p', { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'x', resources: { requests: { cpu: '0', memory: '1Gi' } } }] }))
    expect(pi.requests).toMatchObject({ milliCPU: 0, memory: 1024 ** 3 })
    // a: defaults 100m and 200MB; b: cpu explicitly 0 stays 0.
    expect(pi.nonZeroMilliCPU).toBe(100)
    expect(pi.nonZeroMemory).toBe(200 * 1024 * 1024 + 1024 ** 3)
  })
})

describe('NodeResourcesFit Score (LeastAllocated)', () => {
  it('scores the share left free, averaged over cpu and memory', () => {
    // pod: 3000m, 5000 bytes. node1 4000m/10000: cpu (1000·100/4000)=25, mem 50 → 37. node2 6000m/10000: 50, 50 → 50.
    const pod = makePod('p', { requests: { cpu: '3', memory: '5000' } })
    expect(scoresOf(plugin, pod, [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '6', memory: '10000' })])).toEqual({ node1: 37, node2: 50 })
  })

  it('counts what is already requested on the node', () => {
    // node1 4000m/10000 with 3000m placed; pod 1000m, 2000: cpu (4000−4000)=0, mem (10000−2000)·100/10000=80 → 40.
    // node2 empty: cpu (4000−1000)·100/4000=75, mem 80 → 77.
    const placed = [makePod('a', { requests: { cpu: '3', memory: '0' }, nodeName: 'node1' })]
    const pod = makePod('p', { requests: { cpu: '1', memory: '2000' } })
    expect(scoresOf(plugin, pod, [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '4', memory: '10000' })], placed)).toEqual({ node1: 40, node2: 77 })
  })

  it('scores 0 for a resource requested beyond allocatable', () => {
    const pod = makePod('p', { requests: { cpu: '8', memory: '0' } })
    expect(scoresOf(plugin, pod, [makeNode('n', { cpu: '4', memory: '10000' })])).toEqual({ n: 50 })
  })
})

describe('NodeResourcesBalancedAllocation Score', () => {
  it('scores (1 − |cpu fraction − memory fraction| / 2) × 100 with real requests', () => {
    // pod 3000m/5000: node1 4000/10000 → 0.75 vs 0.5 → std 0.125 → 87. node2 6000/10000 → 0.5 vs 0.5 → 100.
    const pod = makePod('p', { requests: { cpu: '3', memory: '5000' } })
    expect(scoresOf('NodeResourcesBalancedAllocation', pod, [makeNode('node1', { cpu: '4', memory: '10000' }), makeNode('node2', { cpu: '6', memory: '10000' })])).toEqual({ node1: 87, node2: 100 })
  })

  it('caps a fraction at 1', () => {
    // cpu 8/4 → 1, memory 0 → std 0.5 → 50.
    const pod = makePod('p', { requests: { cpu: '8', memory: '0' } })
    expect(scoresOf('NodeResourcesBalancedAllocation', pod, [makeNode('n', { cpu: '4', memory: '10000' })])).toEqual({ n: 50 })
  })
})
