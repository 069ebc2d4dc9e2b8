import type { Container, Pod } from 'kubernetes-types/core/v1'
import { tryParseQuantity } from '../../apimachinery/quantity'
import { simAnnotations } from '../../sim-annotations'
import { imageProfile } from './image-profiles'

/**
 * How one container behaves: its requests and limits (Kubernetes quantities
 * from the spec), what it uses idle, how its memory grows and what a request
 * costs it. Idle use and costs come from the image, overridden by the pod's
 * `sim.kubelab.dev/` annotations (which apply to app containers).
 */
export interface ContainerProfile {
  /** resources.requests.cpu in nanocores; undefined when not requested. */
  cpuRequestNanocores?: number
  /** resources.limits.cpu in nanocores: usage is throttled here. */
  cpuLimitNanocores?: number
  /** resources.requests.memory in bytes. */
  memoryRequestBytes?: number
  /** resources.limits.memory in bytes: above it the container is OOMKilled. */
  memoryLimitBytes?: number
  idleCpuNanocores: number
  idleMemoryBytes: number
  /** Bytes per second of running. */
  memoryGrowthBytesPerSecond: number
  /** CPU time one request costs, nanocore-seconds. */
  cpuPerRequestNanocoreSeconds: number
}

/** A quantity in base units (cores, bytes) scaled by 10^-scale; undefined when absent or unreadable. */
function scaled(raw: unknown, scale: number): number | undefined {
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined
  const q = tryParseQuantity(String(raw))
  if (!q || q.sign() < 0) return undefined
  return q.scaledValue(scale)
}

const nano = -9

function annotated(pod: Pod, key: string, scale: number): number | undefined {
  return scaled(pod.metadata?.annotations?.[key], scale)
}

/** The profile of the named container (app or init) of a pod. */
export function containerProfile(pod: Pod, container: Container, app = true): ContainerProfile {
  const image = imageProfile(container.image ?? '')
  const requests = container.resources?.requests ?? {}
  const limits = container.resources?.limits ?? {}
  const knob = (key: string, scale: number): number | undefined => (app ? annotated(pod, key, scale) : undefined)
  const cpuLimit = scaled(limits.cpu, nano)
  const memoryLimit = scaled(limits.memory, 0)
  return {
    // A limit without a request requests the limit (the API defaults it so).
    cpuRequestNanocores: scaled(requests.cpu, nano) ?? cpuLimit,
    cpuLimitNanocores: cpuLimit,
    memoryRequestBytes: scaled(requests.memory, 0) ?? memoryLimit,
    memoryLimitBytes: memoryLimit,
    idleCpuNanocores: knob(simAnnotations.cpuUsage, nano) ?? image.idleCpuNanocores,
    idleMemoryBytes: knob(simAnnotations.memoryUsage, 0) ?? image.idleMemoryBytes,
    memoryGrowthBytesPerSecond: knob(simAnnotations.memoryGrowth, 0) ?? 0,
    cpuPerRequestNanocoreSeconds: knob(simAnnotations.cpuPerRequest, nano) ?? image.cpuPerRequestNanocoreSeconds
  }
}
