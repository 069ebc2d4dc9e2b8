/**
 * Go's `fmt` renderings of decoded JSON values, so that error messages read
 * as kube-apiserver's do (`map: map[name:1 value:b] does not contain ...`).
 * JSON numbers decode in the apiserver as int64 when integral
 * (UnmarshalCaseSensitivePreserveInts) and float64 otherwise.
 */

const INT64_LIMIT = 2 ** 63

function isInt64(n: number): boolean {
  return Number.isInteger(n) && Math.abs(n) < INT64_LIMIT
}

/** strconv.FormatFloat(f, 'g', -1, 64), as `%v` prints a float64. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN'
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf'
  if (f === 0) return Object.is(f, -0) ? '-0' : '0'
  // JS and Go both find the shortest digits that round-trip; only the layout differs.
  const [mantissa, expText] = f.toExponential().split('e')
  const exp = Number(expText)
  // Shortest 'g' uses %e when the exponent is < -4 or >= 6 (fmt's "precision 6" rule).
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+'
    const abs = Math.abs(exp)
    return `${mantissa}e${sign}${abs < 10 ? '0' : ''}${abs}`
  }
  return String(f)
}

/** `%v` of a decoded JSON value. */
export function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (typeof v === 'number') return isInt64(v) ? BigInt(v).toString() : goFloat(v)
  if (Array.isArray(v)) return `[${v.map(goValue).join(' ')}]`
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    // fmt sorts map keys since Go 1.12.
    const keys = Object.keys(o).sort()
    return `map[${keys.map((k) => `${k}:${goValue(o[k])}`).join(' ')}]`
  }
  return String(v)
}

/** reflect.TypeOf(v).String() for a decoded JSON value; `%s` of a nil Type prints `%!s(<nil>)`. */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)'
  if (typeof v === 'string') return 'string'
  if (typeof v === 'boolean') return 'bool'
  if (typeof v === 'number') return isInt64(v) ? 'int64' : 'float64'
  if (Array.isArray(v)) return '[]interface {}'
  return 'map[string]interface {}'
}

/** `%s` of an interface value: strings print bare, anything else as `%!s(type=value)`. */
export function goPercentS(v: unknown): string {
  if (typeof v === 'string') return v
  if (v === null || v === undefined) return '%!s(<nil>)'
  if (Array.isArray(v)) return `[${v.map(goPercentS).join(' ')}]`
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goPercentS(o[k])}`)
      .join(' ')}]`
  }
  return `%!s(${goTypeName(v)}=${goValue(v)})`
}

/** The JSON kind encoding/json names in `cannot unmarshal <kind> into Go value of type ...`. */
export function goJsonKind(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'boolean') return 'bool'
  return typeof v === 'object' ? 'object' : typeof v
}
