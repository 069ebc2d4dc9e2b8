import type { ResourceQuota } from 'kubernetes-types/core/v1'
import { tryParseQuantity } from '../../apimachinery/quantity'
import type { TableColumn } from '../types'
import { ageColumn, column, nameColumn, sortStrings } from './common'

/**
 * ResourceQuota columns, as printResourceQuota prints them: `used/hard` of
 * every tracked resource, the `limits.*` ones under LIMIT and the rest under
 * REQUEST.
 */

function quantity(v: string | undefined): string {
  return v === undefined ? '0' : tryParseQuantity(String(v))?.toString() ?? String(v)
}

function cells(q: ResourceQuota, limits: boolean): string {
  const hard = (q.status?.hard ?? {}) as Record<string, string>
  const used = (q.status?.used ?? {}) as Record<string, string>
  return sortStrings(Object.keys(hard))
    .filter((name) => name.startsWith('limits.') === limits)
    .map((name) => `${name}: ${quantity(used[name])}/${quantity(hard[name])}`)
    .join(', ')
}

export const resourceQuotaColumns: TableColumn<ResourceQuota>[] = [
  nameColumn(),
  ageColumn(),
  column('Request', 'Request represents a minimum amount of cpu/memory that a container may consume.', (q) => cells(q, false)),
  column('Limit', 'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.', (q) => cells(q, true))
]
