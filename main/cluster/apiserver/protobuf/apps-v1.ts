import { field, list, message, pointer, required } from './descriptor'
import { LabelSelector, ObjectMeta } from './meta-v1'
import { PodTemplateSpec } from './core-v1-pod'

/** k8s.io/api/apps/v1 Deployment. */

const APPS = 'k8s.io.api.apps.v1'

export const RollingUpdateDeployment = message(`${APPS}.RollingUpdateDeployment`, {
  1: pointer('maxUnavailable', 'IntOrString'),
  2: pointer('maxSurge', 'IntOrString')
})

export const DeploymentStrategy = message(`${APPS}.DeploymentStrategy`, {
  1: field('type', 'string'),
  2: pointer('rollingUpdate', RollingUpdateDeployment)
})

export const DeploymentSpec = message(`${APPS}.DeploymentSpec`, {
  1: pointer('replicas', 'int32'),
  2: pointer('selector', LabelSelector),
  3: required('template', PodTemplateSpec),
  4: field('strategy', DeploymentStrategy),
  5: field('minReadySeconds', 'int32'),
  6: pointer('revisionHistoryLimit', 'int32'),
  7: field('paused', 'bool'),
  9: pointer('progressDeadlineSeconds', 'int32')
})

export const DeploymentCondition = message(`${APPS}.DeploymentCondition`, {
  1: required('type', 'string'),
  2: required('status', 'string'),
  4: field('reason', 'string'),
  5: field('message', 'string'),
  6: field('lastUpdateTime', 'Time'),
  7: field('lastTransitionTime', 'Time')
})

export const DeploymentStatus = message(`${APPS}.DeploymentStatus`, {
  1: field('observedGeneration', 'int64'),
  2: field('replicas', 'int32'),
  3: field('updatedReplicas', 'int32'),
  4: field('availableReplicas', 'int32'),
  5: field('unavailableReplicas', 'int32'),
  6: list('conditions', DeploymentCondition),
  7: field('readyReplicas', 'int32'),
  8: pointer('collisionCount', 'int32')
})

export const Deployment = message(`${APPS}.Deployment`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', DeploymentSpec),
  3: field('status', DeploymentStatus)
})
