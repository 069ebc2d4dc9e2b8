/**
 * JSON as Go's encoding/json writes a map[string]interface{} (unstructured
 * objects): object keys sorted, `<`, `>`, `&`, U+2028 and U+2029 escaped
 * (the Encoder's default HTML escaping). Where the apiserver encodes with
 * json.NewEncoder(w).Encode, as for the last-applied annotation it writes,
 * the text ends with a newline: goJSONEncode.
 */

const htmlEscapes: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029'
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const k of Object.keys(value).sort()) out[k] = sortedKeys((value as Record<string, unknown>)[k])
  return out
}

/** json.Marshal of an unstructured value. */
export function goJSONMarshal(value: unknown): string {
  return JSON.stringify(sortedKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => htmlEscapes[c])
}

/** json.NewEncoder(w).Encode of an unstructured value: Marshal plus a newline. */
export function goJSONEncode(value: unknown): string {
  return `${goJSONMarshal(value)}\n`
}
