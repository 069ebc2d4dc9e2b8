import type { Role } from 'kubernetes-types/rbac/v1'
import type { KubeObject } from '../../apimachinery/types'
import type { ResourceDefinition } from '../types'
import { rbacGroup, validateRBACMeta, validateRules } from './rbac-validation'

/**
 * rbac.authorization.k8s.io/v1 Role: rules granting access to resources of
 * one namespace. No defaults, no status; Name and Created At columns.
 */
export type RoleObject = Role & KubeObject

function validateRole(role: RoleObject) {
  return [...validateRBACMeta(role.metadata, true), ...validateRules(role.rules, true)]
}

export const roleDefinition: ResourceDefinition<RoleObject> = {
  group: rbacGroup,
  version: 'v1',
  kind: 'Role',
  plural: 'roles',
  singular: 'role',
  shortNames: [],
  categories: [],
  namespaced: true,
  hasStatus: false,
  defaults() {},
  validate: validateRole,
  validateUpdate: validateRole
}
