import type { ObjectMeta } from 'kubernetes-types/meta/v1'

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

/** A non-negative number of seconds from an annotation, in ms; undefined when absent or unreadable. */
export function secondsAnnotationMs(meta: ObjectMeta | undefined, key: string): number | undefined {
  const raw = meta?.annotations?.[key]
  if (raw === undefined || raw.trim() === '') return undefined
  const seconds = Number(raw)
  return Number.isFinite(seconds) && seconds >= 0 ? Math.round(seconds * 1000) : undefined
}

/** The exit code a crashing container reports (0 to 255; default 1). */
export function exitCodeOf(meta: ObjectMeta | undefined): number {
  const raw = meta?.annotations?.[simAnnotations.exitCode]
  const code = raw === undefined ? NaN : Number(raw)
  return Number.isInteger(code) && code >= 0 && code <= 255 ? code : 1
}

/** Whether a Node's power is off. */
export function isPoweredOff(meta: ObjectMeta | undefined): boolean {
  return meta?.annotations?.[simAnnotations.power]?.trim().toLowerCase() === 'off'
}
