import { describe, expect, it } from 'vitest'
import type { Lease } from 'kubernetes-types/coordination/v1'
import { leaseColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, minute, row } from './helpers'

const almostNow = ago(-1900)
const fiveMinutes = ago(5 * minute)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('lease columns', () => {
  it('are Name, Holder, Age', () => {
    expect(headers(leaseColumns)).toEqual(['Name', 'Holder', 'Age'])
    expect(byPlural('leases')).toBe(leaseColumns)
  })

  // TestPrintLease
  it.each<[Lease, unknown[]]>([
    [{ metadata: { name: 'lease1', creationTimestamp: almostNow }, spec: { holderIdentity: 'holder1' } }, ['lease1', 'holder1', '0s']],
    [{ metadata: { name: 'lease2', creationTimestamp: fiveMinutes }, spec: { holderIdentity: 'holder2' } }, ['lease2', 'holder2', '5m']],
    [{ metadata: { name: 'free', creationTimestamp: fiveMinutes }, spec: {} }, ['free', '', '5m']]
  ])('%#', (l, expected) => {
    expect(row(leaseColumns, l)).toEqual(expected)
  })
})
