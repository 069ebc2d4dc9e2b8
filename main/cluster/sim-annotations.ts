import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { tryParseQuantity } from './apimachinery/quantity'

/**
 * The simulation knobs a user sets on pods and nodes (ARCHITECTURE.md:
 * Kubelab's own knobs are annotations under sim.kubelab.dev/, never invented
 * fields). Times are seconds, as decimal strings.
 */
export const simAnnotations = {
  /** Pod: how long each container takes to start (between Created and Started). */
  startupDelay: 'sim.kubelab.dev/startup-delay',
  /** Pod: how long after starting each container becomes ready. */
  readinessDelay: 'sim.kubelab.dev/readiness-delay',
  /** Pod: each app container exits this long after it started. */
  crashAfter: 'sim.kubelab.dev/crash-after',
  /** Pod: the exit code of a container that exits (crash-after); default 1. */
  exitCode: 'sim.kubelab.dev/exit-code',
  /** Pod: each app container's idle CPU (a quantity: `50m`), instead of its image's. */
  cpuUsage: 'sim.kubelab.dev/cpu-usage',
  /** Pod: each app container's idle memory (a quantity: `64Mi`), instead of its image's. */
  memoryUsage: 'sim.kubelab.dev/memory-usage',
  /** Pod: each app container's memory grows this much per second of running (a quantity: `1Mi`). */
  memoryGrowth: 'sim.kubelab.dev/memory-growth',
  /** Pod: CPU time one request costs each app container (a quantity of CPU-seconds: `2m` = 2 ms of one core). */
  cpuPerRequest: 'sim.kubelab.dev/cpu-per-request',
  /** Node: `off` cuts the node's power (its kubelet stops), `on` restores it. */
  power: 'sim.kubelab.dev/power'
} as const

/** The prefix of every Kubelab annotation. */
const prefix = 'sim.kubelab.dev/'

/** What the scheduler writes on pods (not a knob, but a known key of ours). */
const schedulingResult = 'sim.kubelab.dev/scheduling-result'

/** A non-negative number of seconds, in ms; undefined when unreadable. */
function parseSeconds(raw: string): number | undefined {
  if (raw.trim() === '') return undefined
  const seconds = Number(raw)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined
}

/** An exit code, 0 to 255; undefined when unreadable. */
function parseExitCode(raw: string): number | undefined {
  const code = Number(raw)
  return raw.trim() !== '' && Number.isInteger(code) && code >= 0 && code <= 255 ? code : undefined
}

/** `on` or `off` (any case, spaces around); undefined otherwise. */
function parsePower(raw: string): 'on' | 'off' | undefined {
  const v = raw.trim().toLowerCase()
  return v === 'on' || v === 'off' ? v : undefined
}

/** Whether the behaviour model (node/behaviour/container-profile.ts) reads the value: a non-negative quantity. */
function isNonNegativeQuantity(raw: string): boolean {
  const q = tryParseQuantity(raw)
  return !!q && q.sign() >= 0
}

// What a readable value is, for the warnings: each reader is the parser the knob's user applies.
const seconds = (raw: string) => (parseSeconds(raw) === undefined ? 'a non-negative number of seconds (such as 5 or 0.5)' : undefined)
const quantity = (example: string) => (raw: string) => (isNonNegativeQuantity(raw) ? undefined : `a non-negative quantity (such as ${example})`)
const exitCode = (raw: string) => (parseExitCode(raw) === undefined ? 'an exit code from 0 to 255' : undefined)
const power = (raw: string) => (parsePower(raw) === undefined ? 'on or off' : undefined)

/** Each knob's reader, by kind: what a readable value is, or undefined when it is one. */
const podKnobs: Record<string, (raw: string) => string | undefined> = {
  [simAnnotations.startupDelay]: seconds,
  [simAnnotations.readinessDelay]: seconds,
  [simAnnotations.crashAfter]: seconds,
  [simAnnotations.exitCode]: exitCode,
  [simAnnotations.cpuUsage]: quantity('50m'),
  [simAnnotations.memoryUsage]: quantity('64Mi'),
  [simAnnotations.memoryGrowth]: quantity('1Mi'),
  [simAnnotations.cpuPerRequest]: quantity('10m')
}
const nodeKnobs: Record<string, (raw: string) => string | undefined> = { [simAnnotations.power]: power }

/**
 * The Warning headers a write gets for Kubelab annotations it cannot read
 * (the write itself is accepted: a knob that cannot be read is ignored, as
 * Kubernetes ignores annotations it does not know), in the form of the API's
 * own warnings (`metadata.annotations[key]: ...`). Only values that are new
 * or changed since `old` are reported, so that an unrelated update does not
 * warn again. `at` is where the annotations are:
 * `metadata.annotations`, or a template's `spec.template.metadata.annotations`.
 */
export function simAnnotationWarnings(kind: 'pod' | 'node', annotations: Record<string, string> | undefined, old: Record<string, string> | undefined, at: string): string[] {
  const knobs = kind === 'pod' ? podKnobs : nodeKnobs
  const warnings: string[] = []
  for (const [key, raw] of Object.entries(annotations ?? {})) {
    if (!key.startsWith(prefix) || key === schedulingResult || old?.[key] === raw) continue
    const read = knobs[key]
    if (!read) {
      warnings.push(`${at}[${key}]: not one of Kubelab's ${kind} annotations (${Object.keys(knobs).join(', ')}): it has no effect`)
      continue
    }
    const expected = read(String(raw))
    if (expected) warnings.push(`${at}[${key}]: Kubelab ignores ${JSON.stringify(raw)}: not ${expected}`)
  }
  return warnings
}

/** A non-negative number of seconds from an annotation, in ms; undefined when absent or unreadable. */
export function secondsAnnotationMs(meta: ObjectMeta | undefined, key: string): number | undefined {
  const raw = meta?.annotations?.[key]
  return raw === undefined ? undefined : parseSeconds(raw)
}

/** The exit code a crashing container reports (0 to 255; default 1). */
export function exitCodeOf(meta: ObjectMeta | undefined): number {
  const raw = meta?.annotations?.[simAnnotations.exitCode]
  return (raw === undefined ? undefined : parseExitCode(raw)) ?? 1
}

/** Whether a Node's power is off. */
export function isPoweredOff(meta: ObjectMeta | undefined): boolean {
  const raw = meta?.annotations?.[simAnnotations.power]
  return raw !== undefined && parsePower(raw) === 'off'
}
