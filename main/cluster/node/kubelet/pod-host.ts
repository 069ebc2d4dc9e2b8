import type { Pod } from 'kubernetes-types/core/v1'
import type { Clock } from '../../clock/types'
import type { ClusterWorld } from '../../world'
import type { EventType } from '../../client/event-recorder'
import type { NodeImages } from './images'
import type { Timings } from './timings'
import type { StageTimers } from './stage-timers'

/**
 * What a pod worker needs from its node: time, the node's images and pod
 * network, and a way to report. The kubelet implements it; the lifecycle
 * tests implement it with a manual clock and lists.
 */
export interface PodHost {
  readonly clock: Clock
  /** Where stage delays are timed (shared by the process's kubelets); the clock itself when absent. */
  readonly stageTimers?: StageTimers
  readonly timings: Timings
  readonly images: NodeImages
  /** The simulated data plane: the processes containers run and what they use. */
  readonly world?: ClusterWorld
  /** The node's InternalIP: hostIP, and podIP of hostNetwork pods. */
  hostIP(): string | undefined
  /** Whether the pod network is up (the node has a podCIDR). */
  networkReady(): boolean
  /** Whether allocateIP would succeed for owner now. */
  canAllocateIP(owner: string): boolean
  /** A pod IP from the node's podCIDR (host-local IPAM); undefined when the range is full. */
  allocateIP(owner: string): string | undefined
  /** Frees owner's pod IP. */
  releaseIP(owner: string): void
  /** The IPAM range, as errors name it (`10.244.1.1-10.244.1.254`). */
  ipRange(): string
  /**
   * Why the container's environment cannot be built (a ConfigMap, Secret or
   * key it needs is missing): the kubelet's CreateContainerConfigError message;
   * undefined when it can.
   */
  containerConfigError?(key: string, pod: Pod, container: string): string | undefined
  /** Why one of the pod's volumes cannot be set up (`MountVolume.SetUp failed for volume ...`); undefined when all can. */
  mountFailure?(key: string, pod: Pod): string | undefined
  /** Records an event about the pod; fieldPath names a container (`spec.containers{nginx}`). */
  event(pod: Pod, type: EventType, reason: string, message: string, fieldPath?: string): void
  /** The worker's generated status changed: write it. */
  statusChanged(key: string): void
  /** The runtime changed within a SyncPod pass, with no new status yet: its containers' processes follow it. */
  runtimeChanged?(key: string): void
  /** The pod finished terminating: delete it from the API. */
  removed(key: string): void
}
