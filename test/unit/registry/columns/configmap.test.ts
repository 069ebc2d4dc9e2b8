import { describe, expect, it } from 'vitest'
import type { ConfigMap } from 'kubernetes-types/core/v1'
import { configMapColumns } from '../../../../main/cluster/registry/columns/simple'
import { allDefinitions } from '../../../../main/cluster/registry/kinds'
import { ago, headers, row } from './helpers'

const almostNow = ago(-1900)
const byPlural = (plural: string) => allDefinitions.find((d) => d.plural === plural)?.tableColumns

describe('configmap columns', () => {
  it('are Name, Data, Age', () => {
    expect(headers(configMapColumns)).toEqual(['Name', 'Data', 'Age'])
    expect(byPlural('configmaps')).toBe(configMapColumns)
  })

  // TestPrintConfigMap
  it.each<[ConfigMap, unknown[]]>([
    [{ metadata: { name: 'configmap1', creationTimestamp: almostNow } }, ['configmap1', 0, '0s']],
    [{ metadata: { name: 'configmap2', creationTimestamp: almostNow }, data: { foo: 'bar' } }, ['configmap2', 1, '0s']],
    [{ metadata: { name: 'configmap3', creationTimestamp: almostNow }, data: { foo: 'bar' }, binaryData: { bin: 'YmluYXJ5IGRhdGE=' } }, ['configmap3', 2, '0s']]
  ])('%#', (cm, expected) => {
    expect(row(configMapColumns, cm)).toEqual(expected)
  })
})
