import type { ReplicationController } from 'kubernetes-types/core/v1'
import { selectorFromSet } from '../apimachinery/label-selector'
import type { ComponentFactory } from '../component'
import type { ReplicaOwnerKind } from './replica-manager/kind'
import { ReplicaManager, type ReplicaManagerOptions } from './replica-manager/replica-manager'

/**
 * The ReplicationController kind for the replica manager: its selector is a
 * plain map, read as matchLabels, exactly as Kubernetes' ReplicationManager
 * converts an RC into a ReplicaSet to run the same code.
 */
export const replicationControllerKind: ReplicaOwnerKind = {
  resource: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  apiVersion: 'v1',
  kind: 'ReplicationController',
  controllerName: 'replication-controller',
  selector: (owner) => {
    const selector = (owner as ReplicationController).spec?.selector
    // Validation forbids an empty selector; one that slipped through must select nothing, not everything.
    if (!selector || Object.keys(selector).length === 0) throw new Error('empty selector')
    return selectorFromSet(selector)
  }
}

/** The ReplicationController controller (kube-controller-manager's `replicationcontroller` controller). */
export const replicationControllerComponent: ComponentFactory = (ctx) => new ReplicaManager(ctx, replicationControllerKind)

/** The ReplicationController controller with other tuning (tests, benchmarks). */
export function replicationControllerComponentWith(options: ReplicaManagerOptions): ComponentFactory {
  return (ctx) => new ReplicaManager(ctx, replicationControllerKind, options)
}
