import { describe, expect, it } from 'vitest'
import type { NetworkPolicy } from 'kubernetes-types/networking/v1'
import { networkPolicyColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, minute, row } from './helpers'

const almostNow = ago(-1900)
const fiveMinutes = ago(5 * minute)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('networkpolicy columns', () => {
  it('are Name, Pod-Selector, Age', () => {
    expect(headers(networkPolicyColumns)).toEqual(['Name', 'Pod-Selector', 'Age'])
    expect(byPlural('networkpolicies')).toBe(networkPolicyColumns)
  })

  // TestPrintNetworkPolicy
  it.each<[NetworkPolicy, unknown[]]>([
    [{ metadata: { name: 'policy1', creationTimestamp: almostNow }, spec: { podSelector: {} } }, ['policy1', '<none>', '0s']],
    [{ metadata: { name: 'policy2', creationTimestamp: almostNow }, spec: { podSelector: { matchLabels: { foo: 'bar' } } } }, ['policy2', 'foo=bar', '0s']],
    [
      { metadata: { name: 'policy3', creationTimestamp: fiveMinutes }, spec: { podSelector: { matchLabels: { role: 'db' }, matchExpressions: [{ key: 'env', operator: 'In', values: ['staging', 'prod'] }] } } },
      ['policy3', 'env in (prod,staging),role=db', '5m']
    ]
  ])('%#', (np, expected) => {
    expect(row(networkPolicyColumns, np)).toEqual(expected)
  })
})
