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
import { podGCComponent } from './controllers/pod-gc'
import { namespaceControllerComponent } from './controllers/namespace'
import { persistentVolumeBinderComponent } from './controllers/persistentvolume'
import { localPathProvisionerComponent } from './controllers/volume-provisioner'
import { daemonSetComponent } from './controllers/daemonset'
import { statefulSetComponent } from './controllers/statefulset'
import { jobComponent } from './controllers/job'
import { cronJobComponent } from './controllers/cronjob'
import { ttlAfterFinishedComponent } from './controllers/job/ttl-after-finished'
import { nodeLifecycleComponent } from './controllers/node-lifecycle'
import { disruptionComponent } from './controllers/disruption'
import { serviceAccountsComponent } from './controllers/serviceaccounts'
import { rootCACertPublisherComponent } from './controllers/root-ca-cert-publisher'
import { apiServiceAvailabilityComponent } from './controllers/apiservice-availability'
import { csrSigningComponent } from './controllers/certificates/signing'
import { csrCleanerComponent } from './controllers/certificates/cleaner'
import { clusterRoleAggregationComponent } from './controllers/clusterrole-aggregation'
import { resourceQuotaComponent } from './controllers/resource-quota'
import { addonsComponent } from './controllers/addons'
import { horizontalPodAutoscalerComponent } from './controllers/horizontal-pod-autoscaler'
import { kubeProxyComponent } from './network/kube-proxy'
import { coreDnsComponent } from './network/dns'
import { networkToolboxComponent } from './network/toolbox'
import { trafficComponent } from './network/traffic'

/**
 * Every component a cluster runs, in start order. Each is a client of the
 * API; adding one is adding a line here.
 */
export const defaultComponents: readonly ComponentFactory[] = [
  // kube-apiserver's APIService availability controller
  apiServiceAvailabilityComponent,
  // kube-controller-manager's node IPAM first, so new nodes get their podCIDR
  nodeIpamComponent,
  // the simulated nodes: kubelets, heartbeats, static pods
  nodesComponent,
  // kube-scheduler
  schedulerComponent,
  // kube-controller-manager
  replicationControllerComponent,
  replicaSetComponent,
  deploymentComponent,
  endpointsComponent,
  endpointSliceComponent,
  garbageCollectorComponent,
  podGCComponent,
  namespaceControllerComponent,
  persistentVolumeBinderComponent,
  daemonSetComponent,
  statefulSetComponent,
  jobComponent,
  cronJobComponent,
  ttlAfterFinishedComponent,
  nodeLifecycleComponent,
  horizontalPodAutoscalerComponent,
  disruptionComponent,
  serviceAccountsComponent,
  rootCACertPublisherComponent,
  csrSigningComponent,
  csrCleanerComponent,
  clusterRoleAggregationComponent,
  resourceQuotaComponent,
  // the data plane's service rules: kube-proxy on every node, CoreDNS behind kube-dns
  kubeProxyComponent,
  coreDnsComponent,
  // the network toolbox in containers (curl, nslookup, ping, ip, cat, iptables-save) over the trace engine
  networkToolboxComponent,
  // kubelab.dev TrafficGenerators: steady requests through the network model (load for HPA, access logs, edge rates)
  trafficComponent,
  // kind's storage add-on: the default `standard` StorageClass and its provisioner
  localPathProvisionerComponent,
  // kubeadm's addons (kube-proxy, CoreDNS), created once every controller is watching
  addonsComponent
]
