import { field, list, message, pointer, required } from './descriptor'
import { LabelSelector, ObjectMeta } from './meta-v1'

/** k8s.io/api/rbac/v1 roles and bindings (`kubectl create role|clusterrole|rolebinding|clusterrolebinding`). */

const RBAC = 'k8s.io.api.rbac.v1'

export const PolicyRule = message(`${RBAC}.PolicyRule`, {
  1: list('verbs', 'string'),
  2: list('apiGroups', 'string'),
  3: list('resources', 'string'),
  4: list('resourceNames', 'string'),
  5: list('nonResourceURLs', 'string')
})

export const AggregationRule = message(`${RBAC}.AggregationRule`, {
  1: list('clusterRoleSelectors', LabelSelector)
})

export const Role = message(`${RBAC}.Role`, {
  1: field('metadata', ObjectMeta),
  2: list('rules', PolicyRule)
})

export const ClusterRole = message(`${RBAC}.ClusterRole`, {
  1: field('metadata', ObjectMeta),
  2: list('rules', PolicyRule),
  3: pointer('aggregationRule', AggregationRule)
})

export const Subject = message(`${RBAC}.Subject`, {
  1: required('kind', 'string'),
  2: field('apiGroup', 'string'),
  3: required('name', 'string'),
  4: field('namespace', 'string')
})

export const RoleRef = message(`${RBAC}.RoleRef`, {
  1: required('apiGroup', 'string'),
  2: required('kind', 'string'),
  3: required('name', 'string')
})

const binding = (name: string) =>
  message(`${RBAC}.${name}`, {
    1: field('metadata', ObjectMeta),
    2: list('subjects', Subject),
    3: required('roleRef', RoleRef)
  })
export const RoleBinding = binding('RoleBinding')
export const ClusterRoleBinding = binding('ClusterRoleBinding')
