import { describe, expect, it } from 'vitest'
import { buildSchedulingResult } from '../../../main/cluster/scheduler'
import { Diagnosis } from '../../../main/cluster/scheduler/framework/fit-error'
import type { Outcome } from '../../../main/cluster/scheduler/core/outcome'

/** A small deterministic PRNG for the cases. */
function rng(seed: number): (n: number) => number {
  let a = seed >>> 0
  return (n) => {
    a = (Math.imul(a, 1664525) + 1013904223) >>> 0
    return a % n
  }
}

/** The listing by its definition: the selected node, then the others by total (highest first, ties in node order), n in all. */
function expectedListing(totals: number[], sel: number, n: number): number[] {
  const others = totals.map((_, i) => i).filter((i) => i !== sel)
  others.sort((a, b) => totals[b] - totals[a] || a - b)
  return sel >= 0 ? [sel, ...others.slice(0, n - 1)] : others.slice(0, n)
}

function outcome(totals: number[], sel: number, withHint: boolean): Outcome {
  const feasible = totals.map((_, i) => ({ name: `node-${i}` }))
  const record = {
    numAllNodes: totals.length,
    nodes: feasible,
    filters: ['NodeName'],
    pluginsWithNodes: [],
    feasible,
    diagnosis: new Diagnosis(),
    scores: { nodes: feasible, table: { plugins: ['A'], scores: [totals], totals }, ...(withHint ? { selected: sel } : {}) }
  }
  const base = { pod: {}, record } as unknown as Outcome
  return sel >= 0 ? ({ ...base, result: 'Scheduled', nodeName: `node-${sel}` } as Outcome) : ({ ...base, result: 'Error', message: 'binding failed' } as Outcome)
}

describe('the scheduling-result annotation lists feasible nodes', () => {
  it('the selected one first, then the best scored others, ties in node order (random tables, with and without the selection index)', () => {
    const next = rng(7)
    for (let c = 0; c < 400; c++) {
      const count = 1 + next(40)
      // Few distinct totals: many ties, as equal nodes give.
      const totals = Array.from({ length: count }, () => next(4) * 10)
      const sel = c % 5 === 0 ? -1 : next(count)
      const want = expectedListing(totals, sel, 5).map((i) => `node-${i}`)
      for (const withHint of [true, false]) {
        const r = buildSchedulingResult(outcome(totals, sel, withHint), 't')
        expect(Object.keys(r.score)).toEqual(want)
        expect(Object.keys(r.filter)).toEqual(want)
      }
    }
  })
})
