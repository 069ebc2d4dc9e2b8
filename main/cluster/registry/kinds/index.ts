import type { ResourceDefinition } from '../types'
import { namespaceDefinition } from './namespace'
import { nodeDefinition } from './node'
import { podDefinition } from './pod'
import { serviceDefinition } from './service'
import { endpointsDefinition } from './endpoints'
import { replicationControllerDefinition } from './replicationcontroller'
import { configMapDefinition } from './configmap'
import { secretDefinition } from './secret'
import { serviceAccountDefinition } from './serviceaccount'
import { eventDefinition } from './event'
import { limitRangeDefinition } from './limitrange'
import { resourceQuotaDefinition } from './resourcequota'
import { priorityClassDefinition } from './priorityclass'
import { persistentVolumeDefinition } from './persistentvolume'
import { persistentVolumeClaimDefinition } from './persistentvolumeclaim'
import { replicaSetDefinition } from './replicaset'
import { deploymentDefinition } from './deployment'
import { daemonSetDefinition } from './daemonset'
import { controllerRevisionDefinition } from './controllerrevision'
import { statefulSetDefinition } from './statefulset'
import { jobDefinition } from './job'
import { cronJobDefinition } from './cronjob'
import { horizontalPodAutoscalerDefinition } from './horizontalpodautoscaler'
import { endpointSliceDefinition } from './endpointslice'
import { storageClassDefinition } from './storageclass'
import { leaseDefinition } from './lease'
import { networkPolicyDefinition } from './networkpolicy'
import { ingressClassDefinition } from './ingressclass'
import { ingressDefinition } from './ingress'
import { podDisruptionBudgetDefinition } from './poddisruptionbudget'
import { packetTraceDefinition } from './packettrace'
import { trafficGeneratorDefinition } from './trafficgenerator'
import { customResourceDefinitionDefinition } from './customresourcedefinition'
import { selfSubjectReviewDefinition } from './selfsubjectreview'
import { componentStatusDefinition } from './componentstatus'
import { selfSubjectAccessReviewDefinition } from './selfsubjectaccessreview'
import { selfSubjectRulesReviewDefinition } from './selfsubjectrulesreview'
import { roleDefinition } from './role'
import { apiServiceDefinition } from './apiservice'
import { csiDriverDefinition } from './csidriver'
import { csiNodeDefinition } from './csinode'
import { csiStorageCapacityDefinition } from './csistoragecapacity'
import { volumeAttachmentDefinition } from './volumeattachment'
import { runtimeClassDefinition } from './runtimeclass'
import { flowSchemaDefinition } from './flowschema'
import { priorityLevelConfigurationDefinition } from './prioritylevelconfiguration'
import { mutatingWebhookConfigurationDefinition } from './mutatingwebhookconfiguration'
import { validatingWebhookConfigurationDefinition } from './validatingwebhookconfiguration'
import { tokenReviewDefinition } from './tokenreview'
import { subjectAccessReviewDefinition } from './subjectaccessreview'
import { localSubjectAccessReviewDefinition } from './localsubjectaccessreview'
import { clusterRoleDefinition } from './clusterrole'
import { roleBindingDefinition } from './rolebinding'
import { clusterRoleBindingDefinition } from './clusterrolebinding'
import { certificateSigningRequestDefinition } from './certificatesigningrequest'

/**
 * Every kind the cluster serves, in the order discovery lists them within
 * their group (the real apiserver's order for the core group).
 */
export const allDefinitions: readonly ResourceDefinition[] = [
  // core/v1, in the order of the real /api/v1 discovery document
  componentStatusDefinition,
  configMapDefinition,
  endpointsDefinition,
  eventDefinition,
  limitRangeDefinition,
  namespaceDefinition,
  nodeDefinition,
  persistentVolumeClaimDefinition,
  persistentVolumeDefinition,
  podDefinition,
  replicationControllerDefinition,
  resourceQuotaDefinition,
  secretDefinition,
  serviceAccountDefinition,
  serviceDefinition,
  // apiregistration.k8s.io/v1
  apiServiceDefinition,
  // apps/v1
  controllerRevisionDefinition,
  daemonSetDefinition,
  deploymentDefinition,
  replicaSetDefinition,
  statefulSetDefinition,
  // authentication.k8s.io/v1 and authorization.k8s.io/v1: create-only reviews the API front answers
  selfSubjectReviewDefinition,
  tokenReviewDefinition,
  localSubjectAccessReviewDefinition,
  selfSubjectAccessReviewDefinition,
  selfSubjectRulesReviewDefinition,
  subjectAccessReviewDefinition,
  // autoscaling/v2 (and v1)
  horizontalPodAutoscalerDefinition,
  // batch/v1
  cronJobDefinition,
  jobDefinition,
  // certificates.k8s.io/v1
  certificateSigningRequestDefinition,
  // the rest
  endpointSliceDefinition,
  // storage.k8s.io/v1
  csiDriverDefinition,
  csiNodeDefinition,
  csiStorageCapacityDefinition,
  storageClassDefinition,
  volumeAttachmentDefinition,
  // node.k8s.io/v1
  runtimeClassDefinition,
  // flowcontrol.apiserver.k8s.io/v1
  flowSchemaDefinition,
  priorityLevelConfigurationDefinition,
  // coordination.k8s.io/v1
  leaseDefinition,
  // networking.k8s.io/v1
  ingressClassDefinition,
  ingressDefinition,
  networkPolicyDefinition,
  podDisruptionBudgetDefinition,
  // rbac.authorization.k8s.io/v1
  clusterRoleBindingDefinition,
  clusterRoleDefinition,
  roleBindingDefinition,
  roleDefinition,
  // scheduling.k8s.io/v1
  priorityClassDefinition,
  // admissionregistration.k8s.io/v1: stored webhook configurations (no webhook is called)
  mutatingWebhookConfigurationDefinition,
  validatingWebhookConfigurationDefinition,
  // apiextensions.k8s.io/v1: read-only and empty (no custom resources)
  customResourceDefinitionDefinition,
  // kubelab.dev/v1alpha1
  packetTraceDefinition,
  trafficGeneratorDefinition
] as ResourceDefinition[]
