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

/** Any JSON value (a patch body), at most `maxBytes` as JSON and `maxDepth` deep; checked for depth before it is serialized. */
const json =
  (options: { maxBytes: number; maxDepth: number }): Check =>
  (v) => {
    const depth = (x: unknown, d: number): number => {
      if (d > options.maxDepth || typeof x !== 'object' || x === null) return d
      let deepest = d
      for (const child of Object.values(x)) deepest = Math.max(deepest, depth(child, d + 1))
      return deepest
    }
    if (depth(v, 0) > options.maxDepth) return `must nest at most ${options.maxDepth} levels deep`
    let text: string | undefined
    try {
      text = JSON.stringify(v)
    } catch {
      return 'must be JSON'
    }
    if (text === undefined) return 'must be JSON'
    if (text.length > options.maxBytes) return `must be at most ${options.maxBytes} bytes as JSON`
    return undefined
  }

const both =
  (...checks: Check[]): Check =>
  (v) => {
    for (const check of checks) {
      const problem = check(v)
      if (problem) return problem
    }
    return undefined
  }

const objectOrList: Check = (v) => (typeof v === 'object' && v !== null ? undefined : `must be an object or a list, got ${describe(v)}`)

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

const traceRequest = obj({
  source: obj({ pod: optional(str({ nonEmpty: true, max: 317 })), node: optional(name), external: optional(bool) }),
  destination: obj({ address: optional(str({ nonEmpty: true, max: 253 })), pod: optional(str({ nonEmpty: true, max: 317 })), port: optional(num({ min: 1, max: 65535, integer: true })) }),
  protocol: optional(oneOf('TCP', 'UDP'))
})

/** Lesson and step ids are short slugs. */
const lessonId = str({ nonEmpty: true, max: 63 })
const objectRef = obj({ resource: str({ nonEmpty: true, max: 253 }), namespace, name })
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null ? undefined : check(v)

const schemas: { [C in CallChannel]: Check[] } = {
  'cluster/info': [],
  'resources/list': [],
  'objects/list': [obj({ gvr, namespace })],
  'objects/get': [obj({ gvr, namespace, name })],
  'objects/apply': [obj({ yaml: str({ max: maxYamlLength }), namespace })],
  'objects/delete': [obj({ gvr, namespace, name, propagationPolicy: optional(oneOf('Background', 'Foreground', 'Orphan')) })],
  'objects/scale': [obj({ gvr, namespace: str({ nonEmpty: true, max: 63 }), name, replicas: num({ min: 0, max: 100_000, integer: true }) })],
  'objects/patch': [
    obj({ gvr, namespace, name, type: oneOf('json', 'merge', 'strategic'), patch: both(objectOrList, json({ maxBytes: 1024 * 1024, maxDepth: 64 })) })
  ],
  'nodes/action': [obj({ node: name, action: oneOf('power-off', 'power-on', 'cordon', 'uncordon', 'drain') })],
  'nodes/add': [obj({ name: optional(str({ nonEmpty: true, max: 253 })) })],
  'pods/logs': [
    obj({ namespace: str({ nonEmpty: true, max: 63 }), name, container: optional(str({ nonEmpty: true, max: 63 })), previous: optional(bool), tailLines: optional(num({ min: 0, max: 100_000, integer: true })) })
  ],
  'pods/logs-follow': [obj({ namespace: str({ nonEmpty: true, max: 63 }), name, container: optional(str({ nonEmpty: true, max: 63 })), tailLines: optional(num({ min: 0, max: 100_000, integer: true })) })],
  'pods/logs-stop': [obj({ id: num({ min: 1, integer: true }) })],
  'network/proxy-rules': [obj({ node: name, service: optional(obj({ namespace: str({ nonEmpty: true, max: 63 }), name })) })],
  'network/trace': [traceRequest],
  'clock/state': [],
  'clock/set': [obj({ paused: optional(bool), speed: optional(num({ min: 0.01, max: 10_000 })) })],
  // A year of cluster time at most in one step: more is surely a slip of the finger.
  'clock/step': [obj({ ms: num({ min: 0, max: 366 * 24 * 3600 * 1000 }) })],
  'lessons/list': [],
  'lessons/state': [],
  'lessons/start': [obj({ id: lessonId })],
  'lessons/close': [],
  'lessons/advance': [obj({ id: lessonId, step: num({ min: 0, max: 1000, integer: true }) })],
  'lessons/evaluate': [obj({ id: lessonId, selected: optional(orNull(objectRef)) })],
  'lessons/action': [obj({ id: lessonId, step: lessonId, index: num({ min: 0, max: 100, integer: true }) })],
  'lessons/apply': [obj({ id: lessonId, step: lessonId })],
  'lessons/trace': [obj({ id: lessonId, step: lessonId, request: traceRequest })],
  'lessons/reset': [obj({ id: lessonId })]
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
