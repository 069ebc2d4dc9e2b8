import { describe, expect, it } from 'vitest'
import type { Namespace } from 'kubernetes-types/core/v1'
import { namespaceColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, minute, row } from './helpers'

const almostNow = ago(-1900)
const fiveMinutes = ago(5 * minute)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('namespace columns', () => {
  it('are Name, Status, Age', () => {
    expect(headers(namespaceColumns)).toEqual(['Name', 'Status', 'Age'])
    expect(byPlural('namespaces')).toBe(namespaceColumns)
  })

  // TestPrintNamespace
  it.each<[Namespace, unknown[]]>([
    [{ metadata: { name: 'namespace1', creationTimestamp: almostNow }, status: { phase: 'FooStatus' } }, ['namespace1', 'FooStatus', '0s']],
    [{ metadata: { name: 'namespace2' } }, ['namespace2', '', '<unknown>']],
    [{ metadata: { name: 'kube-system', creationTimestamp: fiveMinutes }, status: { phase: 'Active' } }, ['kube-system', 'Active', '5m']],
    [{ metadata: { name: 'old', creationTimestamp: fiveMinutes, deletionTimestamp: ago(0) }, status: { phase: 'Terminating' } }, ['old', 'Terminating', '5m']]
  ])('%#', (ns, expected) => {
    expect(row(namespaceColumns, ns)).toEqual(expected)
  })
})
