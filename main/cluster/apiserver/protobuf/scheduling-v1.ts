import { field, message, pointer, required } from './descriptor'
import { ObjectMeta } from './meta-v1'

/** k8s.io/api/scheduling/v1 PriorityClass (`kubectl create priorityclass`). */

export const PriorityClass = message('k8s.io.api.scheduling.v1.PriorityClass', {
  1: field('metadata', ObjectMeta),
  2: required('value', 'int32'),
  3: field('globalDefault', 'bool'),
  4: field('description', 'string'),
  5: pointer('preemptionPolicy', 'string')
})
