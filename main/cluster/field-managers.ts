import type { ComponentFactory } from './component'
import { nodeIpamComponent } from './controllers/node-ipam'
import { nodesComponent } from './node'
import { schedulerComponent } from './scheduler'
import { replicationControllerComponent } from './controllers/replication'
import { replicaSetComponent } from './controllers/replica-set'
import { deploymentComponent } from './controllers/deployment'
import { endpointsComponent } from './controllers/endpoints'
import { endpointSliceComponent } from './controllers/endpointslice'
import { garbageCollectorComponent } from './controllers/garbage-collector'
import { namespaceControllerComponent } from './controllers/namespace'
import { persistentVolumeBinderComponent } from './controllers/persistentvolume'
import { localPathProvisionerComponent } from './controllers/volume-provisioner'
import { daemonSetComponent } from './controllers/daemonset'
import { statefulSetComponent } from './controllers/statefulset'
import { nodeLifecycleComponent } from './controllers/node-lifecycle'
import { disruptionComponent } from './controllers/disruption'
import { serviceAccountsComponent } from './controllers/serviceaccounts'
import { rootCACertPublisherComponent } from './controllers/root-ca-cert-publisher'
import { apiServiceAvailabilityComponent } from './controllers/apiservice-availability'
import { addonsComponent } from './controllers/addons'
import { horizontalPodAutoscalerComponent } from './controllers/horizontal-pod-autoscaler'

/**
 * Which program each component is part of, as the field manager its writes
 * show in managedFields: the controllers are kube-controller-manager, the
 * node agents kubelet, the scheduler kube-scheduler (its bindings, as real
 * ones, record no manager), the add-ons kubeadm's. Components not listed
 * (kube-proxy and CoreDNS, which write nothing; Kubelab's own) and test
 * components keep ownership as it is.
 */
const kubeControllerManager = 'kube-controller-manager'

const managers = new Map<ComponentFactory, string>([
  [nodesComponent, 'kubelet'],
  [schedulerComponent, 'kube-scheduler'],
  [nodeIpamComponent, kubeControllerManager],
  [replicationControllerComponent, kubeControllerManager],
  [replicaSetComponent, kubeControllerManager],
  [deploymentComponent, kubeControllerManager],
  [endpointsComponent, kubeControllerManager],
  [endpointSliceComponent, kubeControllerManager],
  [garbageCollectorComponent, kubeControllerManager],
  [namespaceControllerComponent, kubeControllerManager],
  [persistentVolumeBinderComponent, kubeControllerManager],
  [daemonSetComponent, kubeControllerManager],
  [statefulSetComponent, kubeControllerManager],
  [nodeLifecycleComponent, kubeControllerManager],
  [horizontalPodAutoscalerComponent, kubeControllerManager],
  [disruptionComponent, kubeControllerManager],
  [serviceAccountsComponent, kubeControllerManager],
  [rootCACertPublisherComponent, kubeControllerManager],
  // kind's local-path-provisioner names itself so.
  [localPathProvisionerComponent, 'local-path-provisioner'],
  [addonsComponent, 'kubeadm'],
  // Run inside kube-apiserver (kube-aggregator's controller).
  [apiServiceAvailabilityComponent, 'kube-apiserver']
])

/** The field manager of a component's writes; undefined for components not listed. */
export function fieldManagerOf(factory: ComponentFactory): string | undefined {
  return managers.get(factory)
}

/** What the API server itself writes (the initial namespaces, the `kubernetes` Service) is recorded under this name. */
export const apiServerFieldManager = 'kube-apiserver'
