import { field, list, map, message, pointer, required } from './descriptor'
import { Condition, LabelSelector, ObjectMeta } from './meta-v1'

/** k8s.io/api/policy/v1 PodDisruptionBudget (`kubectl create poddisruptionbudget`). */

const POLICY = 'k8s.io.api.policy.v1'

export const PodDisruptionBudgetSpec = message(`${POLICY}.PodDisruptionBudgetSpec`, {
  1: pointer('minAvailable', 'IntOrString'),
  2: pointer('selector', LabelSelector),
  3: pointer('maxUnavailable', 'IntOrString'),
  4: pointer('unhealthyPodEvictionPolicy', 'string')
})

export const PodDisruptionBudgetStatus = message(`${POLICY}.PodDisruptionBudgetStatus`, {
  1: field('observedGeneration', 'int64'),
  2: map('disruptedPods', 'Time'),
  3: required('disruptionsAllowed', 'int32'),
  4: required('currentHealthy', 'int32'),
  5: required('desiredHealthy', 'int32'),
  6: required('expectedPods', 'int32'),
  7: list('conditions', Condition)
})

export const PodDisruptionBudget = message(`${POLICY}.PodDisruptionBudget`, {
  1: field('metadata', ObjectMeta),
  2: field('spec', PodDisruptionBudgetSpec),
  3: field('status', PodDisruptionBudgetStatus)
})
