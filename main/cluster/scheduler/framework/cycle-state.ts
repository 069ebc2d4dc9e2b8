/**
 * Per-attempt scratch space shared by a pod's plugins (framework.CycleState).
 * Keys are small integers handed out once per plugin module, so a filter
 * running on thousands of nodes reads its pre-computed state with an array
 * index rather than a string-keyed map lookup.
 */

/** A typed slot in the cycle state. */
export type StateKey<T> = number & { readonly __state?: T }

let nextKey = 0

/** Allocates a slot; call once per kind of state, at module load. */
export function newStateKey<T>(): StateKey<T> {
  return nextKey++ as StateKey<T>
}

/** The data of one scheduling attempt. */
export class CycleState {
  private slots: unknown[] = []
  /** Filter plugins whose PreFilter answered Skip, by their position in the profile's filter list. */
  skipFilter: boolean[] = []
  /** Score plugins whose PreScore answered Skip, by their position in the profile's score list. */
  skipScore: boolean[] = []

/** The value in a slot, if written this cycle. */
  read<T>(key: StateKey<T>): T | undefined {
    return this.slots[key] as T | undefined
  }

/** Sets a slot. */
  write<T>(key: StateKey<T>, value: T): void {
    this.slots[key] = value
  }

  /**
   * A copy for a what-if run (preemption's dry run, nominated pods): values
   * with a clone() method are cloned, others shared, as CycleState.Clone does.
   */
  clone(): CycleState {
    const c = new CycleState()
    c.slots = this.slots.map((v) => (v && typeof (v as { clone?: unknown }).clone === 'function' ? (v as { clone(): unknown }).clone() : v))
    c.skipFilter = this.skipFilter
    c.skipScore = this.skipScore
    return c
  }
}
