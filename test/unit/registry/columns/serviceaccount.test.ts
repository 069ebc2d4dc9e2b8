import { describe, expect, it } from 'vitest'
import type { ServiceAccount } from 'kubernetes-types/core/v1'
import { serviceAccountColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, minute, row } from './helpers'

const almostNow = ago(-1900)
const fiveMinutes = ago(5 * minute)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('serviceaccount columns', () => {
  it('are Name, Secrets, Age', () => {
    expect(headers(serviceAccountColumns)).toEqual(['Name', 'Secrets', 'Age'])
    expect(byPlural('serviceaccounts')).toBe(serviceAccountColumns)
  })

  // TestPrintServiceAccount
  it.each<[ServiceAccount, unknown[]]>([
    [{ metadata: { name: 'sa1', creationTimestamp: almostNow }, secrets: [] }, ['sa1', 0, '0s']],
    [{ metadata: { name: 'sa1', creationTimestamp: almostNow }, secrets: [{ name: 'Secret1' }, { name: 'Secret2' }] }, ['sa1', 2, '0s']],
    [{ metadata: { name: 'default', creationTimestamp: fiveMinutes } }, ['default', 0, '5m']]
  ])('%#', (sa, expected) => {
    expect(row(serviceAccountColumns, sa)).toEqual(expected)
  })
})
