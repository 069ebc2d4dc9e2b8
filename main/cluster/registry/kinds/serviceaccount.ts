import type { ServiceAccount } from 'kubernetes-types/core/v1'
import { path } from '../../apimachinery/field-errors'
import { nameIsDNSSubdomain } from '../../apimachinery/validation'
import type { ResourceDefinition } from '../types'
import { serviceAccountColumns } from '../columns/simple'
import { validateCoreObjectMeta } from '../validation/object-meta'

/** ServiceAccounts (pkg/registry/core/serviceaccount): metadata only; tokens are issued on request, not stored here. */
export const serviceAccountDefinition: ResourceDefinition<ServiceAccount> = {
  group: '',
  version: 'v1',
  kind: 'ServiceAccount',
  plural: 'serviceaccounts',
  singular: 'serviceaccount',
  shortNames: ['sa'],
  categories: [],
  namespaced: true,
  hasStatus: false,
  tableColumns: serviceAccountColumns,
  defaults: () => {},
  validate: (sa) => validateCoreObjectMeta(sa.metadata, true, nameIsDNSSubdomain, path('metadata'))
  // Table columns and the OpenAPI schema are added here by a later change.
}
