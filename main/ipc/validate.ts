import type { CallChannel } from '../../preload/contract'

/**
 * Argument shapes of each call, checked before a handler runs: whatever a
 * renderer sends (a compromised one included) reaches the cluster only in the
 * shape the contract declares. A check returns the problem in words, or
 * undefined when the value fits.
 */
type Check = (v: unknown) => string | undefined

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype

const str =
  (options: { nonEmpty?: boolean; max?: number } = {}): Check =>
  (v) => {
    if (typeof v !== 'string') return `must be a string, got ${describe(v)}`
    if (options.nonEmpty && v === '') return 'must not be empty'
    if (v.length > (options.max ?? 253)) return `must be at most ${options.max ?? 253} characters`
    return undefined
  }

const num =
  (options: { min?: number; max?: number; integer?: boolean }): Check =>
  (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return `must be a finite number, got ${describe(v)}`
    if (options.integer && !Number.isInteger(v)) return `must be a whole number, got ${v}`
    if (options.min !== undefined && v < options.min) return `must be at least ${options.min}, got ${v}`
    if (options.max !== undefined && v > options.max) return `must be at most ${options.max}, got ${v}`
    return undefined
  }

const bool: Check = (v) => (typeof v === 'boolean' ? undefined : `must be true or false, got ${describe(v)}`)

const oneOf =
  (...values: string[]): Check =>
  (v) =>
    typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}, got ${describe(v)}`

const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined ? undefined : check(v)

/** An object with exactly these fields (unknown fields are refused, so typos do not pass silently). */
const obj =
  (fields: Record<string, Check>): Check =>
  (v) => {
    if (!isPlainObject(v)) return `must be an object, got ${describe(v)}`
    for (const key of Object.keys(v)) if (!(key in fields)) return `has an unknown field "${key}"`
    for (const [key, check] of Object.entries(fields)) {
      const problem = check(v[key])
      if (problem) return `.${key} ${problem}`
    }
    return undefined
  }

function describe(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  return typeof v
}

const gvr = obj({ group: str({ max: 253 }), version: str({ nonEmpty: true, max: 63 }), resource: str({ nonEmpty: true, max: 253 }) })
const namespace = optional(str({ max: 63 }))
const name = str({ nonEmpty: true, max: 253 })

/** Real manifests are small; a 4 MiB document is either a mistake or an attack. */
const maxYamlLength = 4 * 1024 * 1024

const schemas: { [C in CallChannel]: Check[] } = {
  'cluster/info': [],
  'resources/list': [],
  'objects/list': [obj({ gvr, namespace })],
  'objects/get': [obj({ gvr, namespace, name })],
  'objects/apply': [obj({ yaml: str({ max: maxYamlLength }), namespace })],
  'objects/delete': [obj({ gvr, namespace, name, propagationPolicy: optional(oneOf('Background', 'Foreground', 'Orphan')) })],
  'objects/scale': [obj({ gvr, namespace: str({ nonEmpty: true, max: 63 }), name, replicas: num({ min: 0, max: 100_000, integer: true }) })],
  'clock/state': [],
  'clock/set': [obj({ paused: optional(bool), speed: optional(num({ min: 0.01, max: 10_000 })) })],
  // A year of cluster time at most in one step: more is surely a slip of the finger.
  'clock/step': [obj({ ms: num({ min: 0, max: 366 * 24 * 3600 * 1000 }) })]
}

/** Throws a clear error when a call's arguments do not fit the contract. */
export function validateArgs(channel: CallChannel, args: unknown[]): void {
  const checks = schemas[channel]
  if (args.length !== checks.length) throw new Error(`${channel}: expected ${checks.length} argument(s), got ${args.length}`)
  checks.forEach((check, i) => {
    const problem = check(args[i])
    if (problem) throw new Error(`${channel}: argument ${i + 1} ${problem}`)
  })
}
