/**
 * A function of objects, computed once per frozen object: a frozen object
 * cannot change, so what was computed from it cannot go stale (the store's
 * and the informers' objects are frozen, and replaced when they change).
 * An object that is not frozen is computed every time.
 */
export function memoizeFrozen<K extends object, V>(compute: (object: K) => V): (object: K) => V {
  const values = new WeakMap<K, V>()
  return (object) => {
    let value = values.get(object)
    if (value === undefined) {
      value = compute(object)
      if (Object.isFrozen(object)) values.set(object, value)
    }
    return value
  }
}
