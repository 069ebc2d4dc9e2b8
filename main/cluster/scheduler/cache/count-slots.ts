/**
 * Small integer slots for the counts plugins derive from a node's pods
 * (pods matching one selector in one namespace), so a NodeInfo keeps them
 * in two arrays read by index instead of a map hashed by a long key on
 * every node of every scheduling cycle.
 *
 * Slots are handed out per key text. A cluster that goes through many
 * selectors (every rollout makes a new pod-template-hash) would grow the
 * arrays without end, so past `maxSlots` keys the table starts over under a
 * new epoch: every node drops what it remembered, and a slot taken in an
 * older epoch no longer names a count (the caller then counts directly).
 */

/** Keys held before the table starts over. */
const maxSlots = 256

const slots = new Map<string, CountSlot>()
let epoch = 0

/** A slot for a count key, valid in the epoch it was taken in. */
export interface CountSlot {
  /** Index into NodeInfo's count arrays. */
  readonly slot: number
  /** The epoch the slot belongs to. */
  readonly epoch: number
}

/** The slot for a key (a new one when the key is new). */
export function countSlot(key: string): CountSlot {
  let slot = slots.get(key)
  if (slot === undefined) {
    if (slots.size >= maxSlots) {
      slots.clear()
      epoch++
    }
    slot = { slot: slots.size, epoch }
    slots.set(key, slot)
  }
  return slot
}

/** The current epoch: counts remembered under another are stale. */
export function countEpoch(): number {
  return epoch
}
