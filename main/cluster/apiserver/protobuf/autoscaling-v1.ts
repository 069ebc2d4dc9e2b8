import { field, message, pointer, required } from './descriptor'
import { ObjectMeta } from './meta-v1'

/** k8s.io/api/autoscaling/v1 HorizontalPodAutoscaler, as `kubectl autoscale` sends it. */

const AUTOSCALING = 'k8s.io.api.autoscaling.v1'

export const CrossVersionObjectReference = message(`${AUTOSCALING}.CrossVersionObjectReference`, {
  1: required('kind', 'string'),
  2: required('name', 'string'),
  3: field('apiVersion', 'string')
})

export const HorizontalPodAutoscalerSpec = message(`${AUTOSCALING}.HorizontalPodAutoscalerSpec`, {
  1: required('scaleTargetRef', CrossVersionObjectReference),
  2: pointer('minReplicas', 'int32'),
  3: required('maxReplicas', 'int32'),
  4: pointer('targetCPUUtilizationPercentage', 'int32')
})

export const HorizontalPodAutoscalerStatus = message(`${AUTOSCALING}.HorizontalPodAutoscalerStatus`, {
  1: pointer('observedGeneration', 'int64'),
  2: pointer('lastScaleTime', 'Time'),
  3: required('currentReplicas', 'int32'),
  4: required('desiredReplicas', 'int32'),
  5: pointer('currentCPUUtilizationPercentage', 'int32')
})

export const HorizontalPodAutoscaler = message(`${AUTOSCALING}.HorizontalPodAutoscaler`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', HorizontalPodAutoscalerSpec),
  3: field('status', HorizontalPodAutoscalerStatus)
})
