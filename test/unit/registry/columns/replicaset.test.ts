import { describe, expect, it } from 'vitest'
import type { ReplicaSet } from 'kubernetes-types/apps/v1'
import { replicaSetColumns } from '../../../../main/cluster/registry/columns/workloads'
import { replicaSetDefinition } from '../../../../main/cluster/registry/kinds/replicaset'
import { ago, headers, narrowRow, row } from './helpers'

const twoContainers = [
  { name: 'fake-container1', image: 'fake-image1' },
  { name: 'fake-container2', image: 'fake-image2' }
]

// TestPrintReplicaSet, TestPrintReplicaSetList
const rs1: ReplicaSet = {
  metadata: { name: 'test1', creationTimestamp: ago(-1900) },
  spec: { replicas: 5, template: { spec: { containers: twoContainers } }, selector: { matchLabels: { foo: 'bar' } } },
  status: { replicas: 5, readyReplicas: 2 }
}

describe('replicaset columns', () => {
  it('are the replicaset columns of Kubernetes 1.32', () => {
    expect(headers(replicaSetColumns)).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'])
    expect(replicaSetColumns.map((c) => c.type)).toEqual(['string', 'integer', 'integer', 'integer', 'string', 'string', 'string', 'string'])
    expect(replicaSetDefinition.tableColumns).toBe(replicaSetColumns)
  })

  it('prints desired, current and ready', () => {
    expect(narrowRow(replicaSetColumns, rs1)).toEqual(['test1', 5, 5, 2, '0s'])
  })

  it('prints containers, images and the selector when wide', () => {
    expect(row(replicaSetColumns, rs1)).toEqual(['test1', 5, 5, 2, '0s', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'foo=bar'])
  })

  it('prints a replica set without containers or selector', () => {
    const rs: ReplicaSet = { metadata: { name: 'replicaset2', creationTimestamp: ago(-1900) }, spec: { replicas: 4, template: {} } as ReplicaSet['spec'], status: { replicas: 3, readyReplicas: 1 } }
    expect(row(replicaSetColumns, rs)).toEqual(['replicaset2', 4, 3, 1, '0s', '', '', '<none>'])
  })

  it('prints set-based selectors and <error> for a broken one', () => {
    const sel = (selector: NonNullable<ReplicaSet['spec']>['selector']): unknown => row(replicaSetColumns, { metadata: { name: 'r' }, spec: { selector, template: {} } })[7]
    expect(sel({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }, { key: 'app', operator: 'Exists' }] })).toBe('app,env notin (prod)')
    expect(sel({})).toBe('<none>')
    expect(sel({ matchExpressions: [{ key: 'env', operator: 'In' }] })).toBe('<error>')
  })
})
