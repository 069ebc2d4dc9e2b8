import { describe, expect, it } from 'vitest'
import type { Secret } from 'kubernetes-types/core/v1'
import { secretColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, minute, row } from './helpers'

const almostNow = ago(-1900)
const fiveMinutes = ago(5 * minute)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('secret columns', () => {
  it('are Name, Type, Data, Age', () => {
    expect(headers(secretColumns)).toEqual(['Name', 'Type', 'Data', 'Age'])
    expect(byPlural('secrets')).toBe(secretColumns)
  })

  // TestPrintSecret
  it.each<[Secret, unknown[]]>([
    [{ metadata: { name: 'secret1', creationTimestamp: almostNow }, type: 'kubernetes.io/service-account-token', data: { token: 'c2VjcmV0IGRhdGE=' } }, ['secret1', 'kubernetes.io/service-account-token', 1, '0s']],
    [{ metadata: { name: 'secret1', creationTimestamp: almostNow }, type: 'kubernetes.io/service-account-token' }, ['secret1', 'kubernetes.io/service-account-token', 0, '0s']],
    [{ metadata: { name: 'tls', creationTimestamp: fiveMinutes }, type: 'kubernetes.io/tls', data: { 'tls.crt': '', 'tls.key': '' } }, ['tls', 'kubernetes.io/tls', 2, '5m']]
  ])('%#', (s, expected) => {
    expect(row(secretColumns, s)).toEqual(expected)
  })
})
