import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { GroupVersionResource, KubeObject } from '../../apimachinery/types'
import type { Selector } from '../../apimachinery/label-selector'

/**
 * What differs between the kinds one replica manager serves: Kubernetes runs
 * ReplicationControllers through the ReplicaSet controller's code with a
 * conversion in between; here the difference is this small adapter.
 */

/** A replica condition (ReplicaSetCondition / ReplicationControllerCondition). */
export interface ReplicaCondition {
  type: string
  status: string
  lastTransitionTime?: string
  reason?: string
  message?: string
}

/** The status both kinds share. */
export interface ReplicaStatus {
  replicas: number
  fullyLabeledReplicas?: number
  readyReplicas?: number
  availableReplicas?: number
  observedGeneration?: number
  conditions?: ReplicaCondition[]
}

/** A ReplicaSet or ReplicationController, as far as the manager reads it. */
export interface ReplicaOwner extends KubeObject {
  spec?: {
    replicas?: number
    minReadySeconds?: number
    template?: PodTemplateSpec
  }
  status?: ReplicaStatus
}

/** One kind the replica manager keeps replicas for. */
export interface ReplicaOwnerKind {
  /** The owners' collection. */
  resource: GroupVersionResource
  /** apiVersion written into the pods' controller references. */
  apiVersion: string
  kind: string
  /** Names the controller in logs and the `source.component` of its events. */
  controllerName: string
  /** The owner's pod selector; throws when it cannot be converted (then it selects nothing). */
  selector(owner: ReplicaOwner): Selector
}
