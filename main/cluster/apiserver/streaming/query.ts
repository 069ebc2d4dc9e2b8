import { badRequest } from '../../apimachinery/errors'

/**
 * Query parameters of the connect subresources (log, exec, attach), decoded
 * as the apiserver's parameter codec decodes them: Go's strconv rules, and
 * its error text in a 400 when a value does not parse.
 */

/** strconv.ParseBool: 1, t, T, TRUE, true, True and their false forms. */
export function boolParam(query: URLSearchParams, name: string): boolean | undefined {
  const v = query.get(name)
  if (v === null) return undefined
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v)) return true
  if (['0', 'f', 'F', 'FALSE', 'false', 'False', ''].includes(v)) return false
  throw badRequest(`strconv.ParseBool: parsing ${JSON.stringify(v)}: invalid syntax`)
}

/** strconv.ParseInt for int64 parameters. */
export function int64Param(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name)
  if (v === null || v === '') return undefined
  if (!/^[+-]?\d+$/.test(v)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: invalid syntax`)
  const n = Number(v)
  if (!Number.isSafeInteger(n)) throw badRequest(`strconv.ParseInt: parsing ${JSON.stringify(v)}: value out of range`)
  return n
}

/** An RFC 3339 time parameter (sinceTime), in ms. */
export function timeParam(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name)
  if (v === null || v === '') return undefined
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) ? Date.parse(v) : NaN
  if (!Number.isFinite(ms)) throw badRequest(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as "2006"`)
  return ms
}
