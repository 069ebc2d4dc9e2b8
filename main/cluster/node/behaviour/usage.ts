import type { ContainerProfile } from './container-profile'

/**
 * A running container's resource use at one moment, from its profile, how
 * long it has run and the requests it is answering: CPU is the idle use plus
 * requests/s x cost, throttled at the CPU limit (CFS quota); memory is the
 * idle working set plus its growth, rounded to whole 4 KiB pages as the
 * kernel counts it.
 */

const page = 4096

export interface ContainerUsage {
  cpuNanocores: number
  memoryBytes: number
  /** The CPU the container wanted was more than its limit. */
  throttled: boolean
}

/** Use after `runningMs` of running while answering `requestsPerSecond`. */
export function containerUsage(profile: ContainerProfile, runningMs: number, requestsPerSecond: number): ContainerUsage {
  const wanted = profile.idleCpuNanocores + Math.max(0, requestsPerSecond) * profile.cpuPerRequestNanocoreSeconds
  const limit = profile.cpuLimitNanocores
  const throttled = limit !== undefined && wanted > limit
  const memory = profile.idleMemoryBytes + (profile.memoryGrowthBytesPerSecond * Math.max(0, runningMs)) / 1000
  return {
    cpuNanocores: Math.round(throttled ? limit : wanted),
    memoryBytes: Math.ceil(memory / page) * page,
    throttled
  }
}

/**
 * How long after starting the container's memory passes its limit and the
 * kernel's OOM killer ends it; undefined when that never happens (no limit,
 * or memory that does not grow past it).
 */
export function oomAfterMs(profile: ContainerProfile): number | undefined {
  const limit = profile.memoryLimitBytes
  if (limit === undefined) return undefined
  if (profile.idleMemoryBytes > limit) return 0
  if (profile.memoryGrowthBytesPerSecond <= 0) return undefined
  return Math.ceil(((limit - profile.idleMemoryBytes) / profile.memoryGrowthBytesPerSecond) * 1000)
}
