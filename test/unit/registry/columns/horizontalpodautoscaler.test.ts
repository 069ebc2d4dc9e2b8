import { describe, expect, it } from 'vitest'
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget } from 'kubernetes-types/autoscaling/v2'
import { horizontalPodAutoscalerColumns } from '../../../../main/cluster/registry/columns/horizontalpodautoscaler'
import { horizontalPodAutoscalerDefinition } from '../../../../main/cluster/registry/kinds/horizontalpodautoscaler'
import { ago, headers, minute, row } from './helpers'

/** The some-hpa of TestPrintHPA: an RC target, min 2, max 10, 4 current replicas. */
function hpa(metrics: MetricSpec[] | undefined, currentMetrics?: MetricStatus[], minReplicas: number | undefined = 2): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'some-hpa' },
    spec: { scaleTargetRef: { name: 'some-rc', kind: 'ReplicationController' }, minReplicas, maxReplicas: 10, metrics },
    status: { currentReplicas: 4, desiredReplicas: 5, currentMetrics }
  }
}

const selector = { matchLabels: { label: 'value' } }
const external = (target: MetricTarget): MetricSpec => ({
  type: 'External',
  external: { metric: { name: 'some-external-metric', selector }, target }
})
const pods: MetricSpec = { type: 'Pods', pods: { metric: { name: 'some-pods-metric' }, target: { type: 'AverageValue', averageValue: '100m' } } }
const object: MetricSpec = {
  type: 'Object',
  object: { describedObject: { name: 'some-service', kind: 'Service' }, metric: { name: 'some-service-metric' }, target: { type: 'Value', value: '100m' } }
}
const cpuValue: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '100m' } } }
const cpuUtil: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }
const containerValue: MetricSpec = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'application', target: { type: 'AverageValue', averageValue: '100m' } } }
const containerUtil: MetricSpec = { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'application', target: { type: 'Utilization', averageUtilization: 80 } } }

describe('horizontalpodautoscaler columns', () => {
  it('are the hpa columns of Kubernetes 1.32', () => {
    expect(headers(horizontalPodAutoscalerColumns)).toEqual(['Name', 'Reference', 'Targets', 'MinPods', 'MaxPods', 'Replicas', 'Age'])
    expect(horizontalPodAutoscalerColumns.map((c) => c.type)).toEqual(Array(7).fill('string'))
    expect(horizontalPodAutoscalerDefinition.tableColumns).toBe(horizontalPodAutoscalerColumns)
  })

  // TestPrintHPA, with the resource names 1.32 puts before resource targets.
  it.each<[string, HorizontalPodAutoscaler, string]>([
    ['no metrics', hpa(undefined, undefined, undefined), '<none>'],
    ['external average value, no current', hpa([external({ type: 'AverageValue', averageValue: '100m' })]), '<unknown>/100m (avg)'],
    [
      'external average value',
      hpa([external({ type: 'AverageValue', averageValue: '100m' })], [{ type: 'External', external: { metric: { name: 'some-external-metric', selector }, current: { averageValue: '50m' } } }]),
      '50m/100m (avg)'
    ],
    ['external value, no current', hpa([external({ type: 'Value', value: '100m' })]), '<unknown>/100m'],
    ['external value', hpa([external({ type: 'Value', value: '100m' })], [{ type: 'External', external: { metric: { name: 'some-external-metric' }, current: { value: '50m' } } }]), '50m/100m'],
    ['pods, no current', hpa([pods]), '<unknown>/100m'],
    ['pods', hpa([pods], [{ type: 'Pods', pods: { metric: { name: 'some-pods-metric' }, current: { averageValue: '50m' } } }]), '50m/100m'],
    ['object, no current', hpa([object]), '<unknown>/100m'],
    [
      'object',
      hpa([object], [{ type: 'Object', object: { describedObject: { name: 'some-service', kind: 'Service' }, metric: { name: 'some-service-metric' }, current: { value: '50m' } } }]),
      '50m/100m'
    ],
    ['resource value, no current', hpa([cpuValue]), 'cpu: <unknown>/100m'],
    ['resource value', hpa([cpuValue], [{ type: 'Resource', resource: { name: 'cpu', current: { averageValue: '50m' } } }]), 'cpu: 50m/100m'],
    ['resource utilization, no current', hpa([cpuUtil]), 'cpu: <unknown>/80%'],
    ['resource utilization', hpa([cpuUtil], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '40m' } } }]), 'cpu: 50%/80%'],
    ['container resource value, no current', hpa([containerValue]), 'cpu: <unknown>/100m'],
    ['container resource value', hpa([containerValue], [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'application', current: { averageValue: '50m' } } }]), 'cpu: 50m/100m'],
    ['container resource utilization, no current', hpa([containerUtil]), 'cpu: <unknown>/80%'],
    [
      'container resource utilization',
      hpa([containerUtil], [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'application', current: { averageUtilization: 50, averageValue: '40m' } } }]),
      'cpu: 50%/80%'
    ],
    [
      'multiple specs',
      hpa(
        [pods, cpuUtil, { type: 'Pods', pods: { metric: { name: 'other-pods-metric' }, target: { type: 'AverageValue', averageValue: '400m' } } }],
        [
          { type: 'Pods', pods: { metric: { name: 'some-pods-metric' }, current: { averageValue: '50m' } } },
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 50, averageValue: '40m' } } }
        ]
      ),
      '50m/100m, cpu: 50%/80% + 1 more...'
    ],
    ['memory in canonical form', hpa([{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1024Mi' } } }]), 'memory: <unknown>/1Gi'],
    ['a utilization target without a percentage', hpa([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }]), 'cpu: <unknown>/<auto>'],
    ['a current value missing from the status', hpa([cpuValue], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 5 } } }]), 'cpu: <nil>/100m'],
    ['an unknown metric type', hpa([{ type: 'Magic' } as MetricSpec]), '<unknown type>']
  ])('targets: %s', (_name, h, targets) => {
    expect(row(horizontalPodAutoscalerColumns, h)).toEqual(['some-hpa', 'ReplicationController/some-rc', targets, h.spec?.minReplicas === undefined ? '<unset>' : '2', 10, 4, '<unknown>'])
  })

  it('shows a kubectl autoscale HPA as kubectl does', () => {
    const h: HorizontalPodAutoscaler = {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', creationTimestamp: ago(5 * minute) },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 5, metrics: [cpuUtil] },
      status: { desiredReplicas: 0 }
    }
    expect(row(horizontalPodAutoscalerColumns, h)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/80%', '1', 5, 0, '5m'])
  })

  it('reads autoscaling/v1 objects as their v2 form', () => {
    const v1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', creationTimestamp: ago(5 * minute) },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 40 },
      status: { currentReplicas: 3, desiredReplicas: 3, currentCPUUtilizationPercentage: 35 }
    } as unknown as HorizontalPodAutoscaler
    expect(row(horizontalPodAutoscalerColumns, v1)).toEqual(['web', 'Deployment/web', 'cpu: 35%/40%', '2', 6, 3, '5m'])
  })
})
