/**
 * A deep copy of a Kubernetes object, as structuredClone makes it, a few
 * times faster on what objects are made of: plain objects, arrays and
 * primitives are copied directly (frozen input gives unfrozen output, holes
 * and undefined values stay); anything else (a Date, a Map, a class
 * instance, a function) goes through structuredClone, so the result (or the
 * DataCloneError) is the one structuredClone gives. Objects are trees:
 * a value reachable twice is copied twice, where structuredClone would keep
 * one copy.
 */
export function deepCopy<T>(value: T): T {
  return copy(value) as T
}

function copy(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return typeof value === 'function' || typeof value === 'symbol' ? structuredClone(value) : value
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype) return structuredClone(value)
    const out = new Array<unknown>(value.length)
    for (let i = 0; i < value.length; i++) if (i in value) out[i] = copy(value[i])
    return out
  }
  const proto = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return structuredClone(value)
  const out: Record<string, unknown> = {}
  // for-in, not Object.keys: the same own keys in the same order (no enumerable
  // inherited ones with these prototypes), without a key array per object.
  for (const key in value) {
    const v = copy((value as Record<string, unknown>)[key])
    // A decoded `__proto__` key is data: defined, so it never sets the copy's prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
    else out[key] = v
  }
  return out
}
