import { describe, expect, it } from 'vitest'
import { GeneratorRun } from '../../../../main/cluster/network/traffic/generator-run'
import type { TrafficGeneratorObject } from '../../../../main/cluster/registry/kinds/trafficgenerator'
import type { TraceEngine } from '../../../../main/cluster/network/trace/engine'
import type { NetworkIndex } from '../../../../main/cluster/network/trace/network-index'
import type { ContainerProcesses } from '../../../../main/cluster/world/types'

/** A network where every request reaches one pod: the rate arithmetic is what is under test. */
function run(rate: number): GeneratorRun {
  const generator = {
    apiVersion: 'kubelab.dev/v1alpha1',
    kind: 'TrafficGenerator',
    metadata: { name: 'g', namespace: 'default', generation: 1 },
    spec: { source: { external: true }, destination: { address: 'web', port: 80 }, rate }
  } as TrafficGeneratorObject
  const engine = {
    trace: () => ({ verdict: 'Delivered', reason: 'delivered through Service default/web to pod default/web-1', hops: [{ action: 'deliver', src: '172.18.0.1:40000', dst: '10.244.1.5:80' }] })
  } as unknown as TraceEngine
  const index = { podWithIP: () => ({ metadata: { name: 'web-1', namespace: 'default', uid: 'u1' } }) } as unknown as NetworkIndex
  const processes = { receive: () => undefined } as unknown as ContainerProcesses
  return new GeneratorRun(generator, { engine, index, processes })
}

describe('GeneratorRun', () => {
  it('reports a window begun mid-way at the rate it sends, not diluted over a full period', () => {
    const r = run(8)
    r.tick(1000)
    r.tick(1000) // two seconds into a five-second reporting period
    const status = r.report()
    expect(status.sent).toBe(16)
    expect(status.edges).toEqual([{ source: 'external', destination: 'default/web-1', service: 'default/web', rate: 8 }])
  })

  it('starts each window afresh', () => {
    const r = run(10)
    for (let i = 0; i < 5; i++) r.tick(1000)
    expect(r.report().edges?.[0].rate).toBe(10)
    expect(r.report().edges).toEqual([])
    r.tick(500)
    expect(r.report().edges?.[0].rate).toBe(10)
  })
})
