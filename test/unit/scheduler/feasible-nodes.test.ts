import { describe, expect, it } from 'vitest'
import { numFeasibleNodesToFind } from '../../../main/cluster/scheduler'

describe('numFeasibleNodesToFind (adaptive percentageOfNodesToScore)', () => {
  it.each([
    // nodes, percentage (0: adaptive), expected
    [0, 0, 0],
    [10, 0, 10],
    [99, 0, 99], // below 100 nodes: all of them
    [100, 0, 100], // 50 − 0 = 50% → 50, raised to the 100 minimum
    [150, 0, 100], // 49% → 73 → 100
    [500, 0, 230], // 50 − 4 = 46% → 230
    [1_000, 0, 420], // 50 − 8 = 42%
    [2_000, 0, 680], // 50 − 16 = 34%
    [5_000, 0, 500], // 50 − 40 = 10%
    [5_624, 0, 337], // 5624/125 = 44 (integer division) → 6% → 337
    [6_000, 0, 300], // 50 − 48 = 2% → floor 5% → 300
    [10_000, 0, 500], // 5%
    [15_000, 0, 750], // 5%
    [1_000, 30, 300], // configured percentage
    [1_000, 5, 100], // configured, raised to the minimum
    [1_000, 100, 1_000]
  ])('%i nodes at %i%% → %i', (nodes, percentage, expected) => {
    expect(numFeasibleNodesToFind(nodes, percentage)).toBe(expected)
  })
})
