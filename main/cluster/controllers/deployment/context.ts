import type { Deployment, ReplicaSet } from 'kubernetes-types/apps/v1'
import type { Pod } from 'kubernetes-types/core/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import type { EventRecorder, EventType } from '../../client/event-recorder'
import type { Informer } from '../../client/informer'
import type { ResourceClient } from '../../client/types'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * What the deployment controller's sync functions share (the Go
 * controller's receiver): the API for writes, the informers for reads, the
 * event recorder and the clock.
 */
export interface DeploymentSyncContext {
  /** Writes Deployments (status, revision annotation). */
  deployments: ResourceClient<Deployment>
  /** Creates, scales, adopts and deletes ReplicaSets. */
  replicaSets: ResourceClient<ReplicaSet>
  /** ReplicaSets, indexed by namespace and ownerUid. */
  rsInformer: Informer<ReplicaSet>
  /** Pods, indexed by ownerUid (Recreate waits for old pods to go). */
  podInformer: Informer<Pod>
  /** Reports as deployment-controller (ScalingReplicaSet, ReplicaSetCreateError). */
  events: EventRecorder
  /** Condition timestamps and progress deadlines. */
  clock: Clock
}

/**
 * Writes d's status (and, as the status strategy allows, its annotations),
 * then keeps d's metadata as stored, so a later write in the same sync is
 * not refused as stale.
 */
export async function writeStatus(dc: DeploymentSyncContext, d: Deployment): Promise<void> {
  const written = await dc.deployments.updateStatus(d)
  d.metadata = deepCopy(written.metadata)
}

/** Records an event about the Deployment. */
export function recordEvent(dc: DeploymentSyncContext, d: Deployment, type: EventType, reason: string, message: string): void {
  dc.events.event(d as unknown as KubeObject, type, reason, message)
}
