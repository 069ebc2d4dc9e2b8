import { describe, expect, it } from 'vitest'
import type { DaemonSet } from 'kubernetes-types/apps/v1'
import { daemonSetColumns } from '../../../../main/cluster/registry/columns/workloads'
import { daemonSetDefinition } from '../../../../main/cluster/registry/kinds/daemonset'
import { ago, headers, narrowRow, row } from './helpers'

// TestPrintDaemonSet, TestPrintDaemonSetList
const ds1: DaemonSet = {
  metadata: { name: 'test1', creationTimestamp: ago(-1900) },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'fake-container1', image: 'fake-image1' },
          { name: 'fake-container2', image: 'fake-image2' }
        ]
      }
    },
    selector: { matchLabels: { foo: 'bar' } }
  },
  status: { currentNumberScheduled: 2, desiredNumberScheduled: 3, numberReady: 1, updatedNumberScheduled: 2, numberAvailable: 0, numberMisscheduled: 0 }
}

describe('daemonset columns', () => {
  it('are the daemonset columns of Kubernetes 1.32', () => {
    expect(headers(daemonSetColumns)).toEqual(['Name', 'Desired', 'Current', 'Ready', 'Up-to-date', 'Available', 'Node Selector', 'Age', 'Containers*', 'Images*', 'Selector*'])
    expect(daemonSetDefinition.tableColumns).toBe(daemonSetColumns)
  })

  it('prints the counts and the node selector', () => {
    expect(narrowRow(daemonSetColumns, ds1)).toEqual(['test1', 3, 2, 1, 2, 0, '<none>', '0s'])
  })

  it('prints containers, images and the selector when wide', () => {
    expect(row(daemonSetColumns, ds1)).toEqual(['test1', 3, 2, 1, 2, 0, '<none>', '0s', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'foo=bar'])
  })

  it('prints the template node selector, sorted', () => {
    const ds: DaemonSet = {
      metadata: { name: 'daemonset2', creationTimestamp: ago(-1900) },
      spec: { template: { spec: { containers: [], nodeSelector: { 'kubernetes.io/os': 'linux', disk: 'ssd' } } }, selector: { matchLabels: { foo: 'bar' } } },
      status: { currentNumberScheduled: 4, desiredNumberScheduled: 2, numberReady: 9, updatedNumberScheduled: 3, numberAvailable: 3, numberMisscheduled: 0 }
    }
    expect(narrowRow(daemonSetColumns, ds)).toEqual(['daemonset2', 2, 4, 9, 3, 3, 'disk=ssd,kubernetes.io/os=linux', '0s'])
  })
})
