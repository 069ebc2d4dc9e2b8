/** Small helpers over decoded JSON values shared by the patch appliers. */

/** A decoded JSON object. */
export type JsonObject = Record<string, unknown>

/** True for a JSON object (not an array, not null). */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Own-property test (patch keys such as `constructor` must not hit the prototype). */
export function hasKey(o: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key)
}

/** Sets an own property; `__proto__` is defined rather than assigned so it stays data. */
export function setKey(o: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true })
  else o[key] = value
}

/** Deep copy of a JSON value. */
export function cloneJson<T>(v: T): T {
  return v === undefined ? v : structuredClone(v)
}
