import type { MessageDescriptor } from './descriptor'
import { ConfigMap, Namespace, ResourceQuota, Secret, Service, ServiceAccount } from './core-v1'
import { Pod } from './core-v1-pod'
import { Deployment } from './apps-v1'
import { CronJob, Job } from './batch-v1'
import { HorizontalPodAutoscaler } from './autoscaling-v1'
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './rbac-v1'
import { PodDisruptionBudget } from './policy-v1'
import { Ingress } from './networking-v1'
import { PriorityClass } from './scheduling-v1'
import { SelfSubjectAccessReview, SelfSubjectRulesReview } from './authorization-v1'
import { SelfSubjectReview, TokenRequest } from './authentication-v1'
import { CertificateSigningRequest } from './certificates-v1'

/**
 * The kinds whose protobuf bodies we can decode, by apiVersion: the objects
 * kubectl 1.32's typed clients send (`kubectl create <generator>`, `kubectl
 * autoscale`, `kubectl auth`, `kubectl create token`, `kubectl debug node/...`,
 * `kubectl certificate approve|deny`).
 */
const KINDS: Readonly<Record<string, Readonly<Record<string, MessageDescriptor>>>> = {
  v1: { Namespace, ConfigMap, Secret, Service, ServiceAccount, ResourceQuota, Pod },
  'apps/v1': { Deployment },
  'batch/v1': { Job, CronJob },
  'autoscaling/v1': { HorizontalPodAutoscaler },
  'rbac.authorization.k8s.io/v1': { Role, ClusterRole, RoleBinding, ClusterRoleBinding },
  'policy/v1': { PodDisruptionBudget },
  'networking.k8s.io/v1': { Ingress },
  'scheduling.k8s.io/v1': { PriorityClass },
  'authorization.k8s.io/v1': { SelfSubjectAccessReview, SelfSubjectRulesReview },
  'authentication.k8s.io/v1': { SelfSubjectReview, TokenRequest },
  'certificates.k8s.io/v1': { CertificateSigningRequest }
}

/** The descriptor for apiVersion + kind, or undefined when that kind is not registered. */
export function kindDescriptor(apiVersion: string, kind: string): MessageDescriptor | undefined {
  const byKind = Object.hasOwn(KINDS, apiVersion) ? KINDS[apiVersion] : undefined
  return byKind && Object.hasOwn(byKind, kind) ? byKind[kind] : undefined
}

/** Every registered kind as `{ apiVersion, kind }`, for discovery checks and tests. */
export function protobufKinds(): { apiVersion: string; kind: string }[] {
  return Object.entries(KINDS).flatMap(([apiVersion, kinds]) =>
    Object.keys(kinds).map((kind) => ({ apiVersion, kind }))
  )
}
