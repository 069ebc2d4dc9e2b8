import { describe, expect, it } from 'vitest'
import type { Deployment } from 'kubernetes-types/apps/v1'
import { deploymentColumns } from '../../../../main/cluster/registry/columns/workloads'
import { deploymentDefinition } from '../../../../main/cluster/registry/kinds/deployment'
import { ago, headers, minute, narrowRow, row } from './helpers'

const twoContainers = [
  { name: 'fake-container1', image: 'fake-image1' },
  { name: 'fake-container2', image: 'fake-image2' }
]

// TestPrintDeployment
const testDeployment: Deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'test1', creationTimestamp: ago(-1900) },
  spec: { replicas: 5, template: { spec: { containers: twoContainers } }, selector: { matchLabels: { foo: 'bar' } } },
  status: { replicas: 10, updatedReplicas: 2, availableReplicas: 1, unavailableReplicas: 4 }
}

describe('deployment columns', () => {
  it('are the deployment columns of Kubernetes 1.32', () => {
    expect(headers(deploymentColumns)).toEqual(['Name', 'Ready', 'Up-to-date', 'Available', 'Age', 'Containers*', 'Images*', 'Selector*'])
    expect(deploymentColumns.map((c) => c.type)).toEqual(Array(8).fill('string'))
    expect(deploymentDefinition.tableColumns).toBe(deploymentColumns)
  })

  it('prints ready/desired and integer counts', () => {
    expect(narrowRow(deploymentColumns, testDeployment)).toEqual(['test1', '0/5', 2, 1, '0s'])
  })

  it('prints containers, images and the selector when wide', () => {
    expect(row(deploymentColumns, testDeployment)).toEqual(['test1', '0/5', 2, 1, '0s', 'fake-container1,fake-container2', 'fake-image1,fake-image2', 'foo=bar'])
  })

  it.each<[string, Deployment['spec'], unknown]>([
    ['match expressions', { selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }, { key: 'canary', operator: 'DoesNotExist' }] }, template: {} }, 'app=web,!canary,tier in (be,fe)'],
    ['an empty selector', { selector: {}, template: {} }, ''],
    ['no selector', { template: {} } as Deployment['spec'], ''],
    ['an invalid selector', { selector: { matchExpressions: [{ key: 'a', operator: 'Near' }] }, template: {} }, '<invalid>']
  ])('selector: %s', (_name, spec, selector) => {
    const d: Deployment = { metadata: { name: 'd' }, spec }
    expect(row(deploymentColumns, d)[7]).toBe(selector)
  })

  it('shows a new deployment as kubectl does', () => {
    const d: Deployment = {
      metadata: { name: 'web', creationTimestamp: ago(12 * minute) },
      spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
      status: {}
    }
    expect(row(deploymentColumns, d)).toEqual(['web', '0/3', 0, 0, '12m', 'nginx', 'nginx:1.27', 'app=web'])
  })
})
