import { describe, expect, it } from 'vitest'
import type { Container, Pod } from 'kubernetes-types/core/v1'
import { podRequests } from '../../../main/cluster/scheduler/cache/resource'

describe('podRequests of pods with app containers only', () => {
  it('sums as the general path does (same values, same key order), with and without the non-zero defaults', () => {
    let seed = 3
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0
      return seed % n
    }
    const values: Record<string, string[]> = { cpu: ['100m', '0', '1', '250m'], memory: ['16Mi', '0', '1Gi'], 'ephemeral-storage': ['1Gi'], 'example.com/gpu': ['1', '2'], pods: ['1'] }
    const names = Object.keys(values)
    for (let n = 0; n < 300; n++) {
      const containers: Container[] = Array.from({ length: 1 + next(3) }, (_, i) => {
        const requests: Record<string, string> = {}
        for (const name of names) if (next(3) === 0) requests[name] = values[name][next(values[name].length)]
        return { name: `c${i}`, image: 'x', ...(next(4) === 0 ? {} : { resources: { requests } }) }
      })
      const pod: Pod = { metadata: { name: 'p' }, spec: { containers } }
      // An empty overhead adds nothing but takes the general path.
      const general: Pod = { metadata: { name: 'p' }, spec: { containers, overhead: {} } }
      for (const nonMissing of [false, true]) expect([...podRequests(pod, nonMissing)]).toEqual([...podRequests(general, nonMissing)])
    }
  })
})
