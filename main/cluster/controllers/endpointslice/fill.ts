import type { Endpoint, EndpointSlice } from 'kubernetes-types/discovery/v1'

/**
 * Placing new endpoints (reconcileByPortMapping steps 2 and 3): first into
 * slices already being updated, fullest first; then the remainder, if it
 * fits, into the unchanged slice it fills closest to capacity; otherwise
 * into new slices.
 */
export function fillSlices(
  endpoints: Endpoint[],
  updating: EndpointSlice[],
  unchanged: EndpointSlice[],
  max: number,
  newSlice: () => EndpointSlice
): { create: EndpointSlice[]; update: EndpointSlice[] } {
  const pending = [...endpoints]
  const create: EndpointSlice[] = []
  const update: EndpointSlice[] = []
  const spare = [...unchanged]
  if (pending.length > 0) {
    for (const slice of [...updating].sort((a, b) => (b.endpoints?.length ?? 0) - (a.endpoints?.length ?? 0))) {
      const eps = (slice.endpoints ??= [])
      while (pending.length > 0 && eps.length < max) eps.push(pending.shift()!)
    }
  }
  while (pending.length > 0) {
    let target: EndpointSlice | undefined
    if (pending.length < max && spare.length > 0) {
      const chosen = closestFit(spare, pending.length, max)
      if (chosen) {
        spare.splice(spare.indexOf(chosen), 1)
        // Endpoints are appended below: the copy gets its own list; the rest is shared with the cache, unchanged.
        target = { ...chosen, endpoints: [...(chosen.endpoints ?? [])], metadata: { ...chosen.metadata } }
        update.push(target)
      }
    }
    if (!target) {
      target = newSlice()
      create.push(target)
    }
    const eps = (target.endpoints ??= [])
    while (pending.length > 0 && eps.length < max) eps.push(pending.shift()!)
  }
  return { create, update }
}

/** getSliceToFill: the slice that adding n endpoints leaves closest to full, if any has room. */
function closestFit(slices: EndpointSlice[], n: number, max: number): EndpointSlice | undefined {
  let best: EndpointSlice | undefined
  let bestDiff = max
  for (const slice of slices) {
    const diff = max - (n + (slice.endpoints?.length ?? 0))
    if (diff >= 0 && diff < bestDiff) {
      bestDiff = diff
      best = slice
      if (diff === 0) break
    }
  }
  return best
}
