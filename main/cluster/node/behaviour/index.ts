import type { Container, Pod } from 'kubernetes-types/core/v1'
import type { ResourceUse, UsageModel } from '../../world/container-processes'
import { containerProfile, type ContainerProfile } from './container-profile'
import { containerUsage, oomAfterMs } from './usage'
import { imageProfile } from './image-profiles'

/**
 * The container behaviour model: what a running container uses (CPU and
 * memory, from its image, its load and the pod's `sim.kubelab.dev/` knobs)
 * and when its memory outgrows its limit. The kubelet registers a model for
 * every container it starts (world.processes.run); metrics read it.
 */

export type { ContainerProfile } from './container-profile'
export { containerProfile } from './container-profile'
export { containerUsage, oomAfterMs } from './usage'

/** One container instance's use: its profile, counted from its start (an object per running container, no closure). */
class InstanceUsage implements UsageModel {
  constructor(
    private readonly profile: ContainerProfile,
    private readonly startedAt: number
  ) {}

  usage(now: number, requestsPerSecond: number): ResourceUse {
    return containerUsage(this.profile, now - this.startedAt, requestsPerSecond)
  }
}

/** The usage model of a container instance that started at `startedAt` (ms of cluster time). */
export function usageModel(pod: Pod, container: Container, app: boolean, startedAt: number): UsageModel {
  return new InstanceUsage(containerProfile(pod, container, app), startedAt)
}

/** When, after it starts, the container is OOMKilled; undefined when never. */
export function oomKillAfterMs(pod: Pod, container: Container, app: boolean): number | undefined {
  // The kubelet asks on every sync: most containers have no memory limit, and need no profile to say so.
  if (container.resources?.limits?.memory === undefined) return undefined
  return oomAfterMs(containerProfile(pod, container, app))
}

/** The ports a container's image serves on whatever its command line (TCP): health and API endpoints. */
export function serverPorts(container: Container): { port: number; protocol: string }[] {
  return (imageProfile(container.image ?? '').serverPorts ?? []).map((port) => ({ port, protocol: 'TCP' }))
}
