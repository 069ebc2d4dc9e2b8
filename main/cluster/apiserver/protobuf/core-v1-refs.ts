import { field, message, pointer, required } from './descriptor'

/** k8s.io/api/core/v1 references shared by pods, volumes and other kinds. */

export const CORE = 'k8s.io.api.core.v1'

export const LocalObjectReference = message(`${CORE}.LocalObjectReference`, {
  1: field('name', 'string')
})

export const ObjectReference = message(`${CORE}.ObjectReference`, {
  1: field('kind', 'string'),
  2: field('namespace', 'string'),
  3: field('name', 'string'),
  4: field('uid', 'string'),
  5: field('apiVersion', 'string'),
  6: field('resourceVersion', 'string'),
  7: field('fieldPath', 'string')
})

export const TypedLocalObjectReference = message(`${CORE}.TypedLocalObjectReference`, {
  1: pointer('apiGroup', 'string'),
  2: required('kind', 'string'),
  3: required('name', 'string')
})

export const ObjectFieldSelector = message(`${CORE}.ObjectFieldSelector`, {
  1: field('apiVersion', 'string'),
  2: required('fieldPath', 'string')
})

export const ResourceFieldSelector = message(`${CORE}.ResourceFieldSelector`, {
  1: field('containerName', 'string'),
  2: required('resource', 'string'),
  3: field('divisor', 'Quantity')
})
