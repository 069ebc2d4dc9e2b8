import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { labelSelectorFromObject } from '../apimachinery/label-selector'
import type { ComponentFactory } from '../component'
import type { ReplicaOwnerKind } from './replica-manager/kind'
import { ReplicaManager, type ReplicaManagerOptions } from './replica-manager/replica-manager'

/** The ReplicaSet kind for the replica manager: a metav1.LabelSelector selects the pods. */
export const replicaSetKind: ReplicaOwnerKind = {
  resource: { group: 'apps', version: 'v1', resource: 'replicasets' },
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  controllerName: 'replicaset-controller',
  selector: (owner) => labelSelectorFromObject((owner as ReplicaSet).spec?.selector)
}

/** The ReplicaSet controller (kube-controller-manager's `replicaset` controller), with its default tuning. */
export const replicaSetComponent: ComponentFactory = (ctx) => new ReplicaManager(ctx, replicaSetKind)

/** The ReplicaSet controller with other tuning (tests, benchmarks). */
export function replicaSetComponentWith(options: ReplicaManagerOptions): ComponentFactory {
  return (ctx) => new ReplicaManager(ctx, replicaSetKind, options)
}
