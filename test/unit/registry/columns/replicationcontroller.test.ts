import { describe, expect, it } from 'vitest'
import type { ReplicationController } from 'kubernetes-types/core/v1'
import { replicationControllerColumns } from '../../../../main/cluster/registry/columns/workloads'
import { replicationControllerDefinition } from '../../../../main/cluster/registry/kinds/replicationcontroller'
import { headers, narrowRow, row } from './helpers'

// TestPrintReplicationController
function rc(replicas: number | undefined, status: ReplicationController['status']): ReplicationController {
  return {
    metadata: { name: 'rc1', namespace: 'test-namespace' },
    spec: {
      replicas,
      selector: { a: 'b' },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'test', image: 'test_image', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File' }], restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' }
      }
    },
    status
  }
}

describe('replicationcontroller columns', () => {
  it('are the replicationcontroller columns of Kubernetes 1.32', () => {
    expect(headers(replicationControllerColumns)).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Age', 'Containers*', 'Images*', 'Selector*'])
    expect(replicationControllerDefinition.tableColumns).toBe(replicationControllerColumns)
  })

  it('prints zeros without replicas or status', () => {
    expect(narrowRow(replicationControllerColumns, rc(undefined, undefined))).toEqual(['rc1', 0, 0, 0, '<unknown>'])
  })

  it('prints replicas and status', () => {
    expect(narrowRow(replicationControllerColumns, rc(5, { replicas: 3, readyReplicas: 1 }))).toEqual(['rc1', 5, 3, 1, '<unknown>'])
  })

  it('prints containers, images and the selector when wide', () => {
    expect(row(replicationControllerColumns, rc(5, { replicas: 3, readyReplicas: 1 }))).toEqual(['rc1', 5, 3, 1, '<unknown>', 'test', 'test_image', 'a=b'])
  })

  it('prints an rc without a template or selector', () => {
    expect(row(replicationControllerColumns, { metadata: { name: 'bare' }, spec: {} })).toEqual(['bare', 0, 0, 0, '<unknown>', '', '', '<none>'])
  })
})
