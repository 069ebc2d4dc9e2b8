/**
 * selectHost: the node with the highest total score; ties are broken
 * uniformly at random by reservoir sampling, as kube-scheduler does, so
 * equally good nodes share the load.
 */
export function selectHost(totals: readonly number[], randomInt: (n: number) => number): number {
  let best = -1
  let bestScore = -Infinity
  let ties = 0
  for (let i = 0; i < totals.length; i++) {
    const s = totals[i]
    if (s > bestScore) {
      bestScore = s
      best = i
      ties = 1
    } else if (s === bestScore) {
      ties++
      if (randomInt(ties) === 0) best = i
    }
  }
  return best
}

/** A small deterministic PRNG (mulberry32): decisions are reproducible for a given seed. */
export function seededRandom(seed: number): (n: number) => number {
  let a = seed >>> 0
  return (n: number) => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n)
  }
}
