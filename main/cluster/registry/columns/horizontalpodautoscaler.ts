import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from 'kubernetes-types/autoscaling/v2'
import type { KubeObject } from '../../apimachinery/types'
import { hpaV1ToV2 } from '../kinds/hpa-conversion'
import type { TableColumn } from '../types'
import { ageColumn, column, int, nameColumn, quantityString } from './common'
import { docs } from './descriptions'

/** Tables are computed on the internal (v2-shaped) object whatever version was asked for, as the apiserver does. */
function asV2(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  return (hpa.apiVersion as string | undefined) === 'autoscaling/v1' ? (hpaV1ToV2(hpa as unknown as KubeObject) as unknown as HorizontalPodAutoscaler) : hpa
}

/** A quantity pointer as Go prints it: canonical, `<nil>` when absent. */
const q = (value: unknown): string => quantityString(value, '<nil>')

/** One metric as `formatHPAMetrics` shows it; statuses are matched by position, as in Kubernetes. */
function formatMetric(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External': {
      const target = spec.external?.target
      if (target?.averageValue !== undefined && target.averageValue !== null) {
        const avg = status?.external?.current?.averageValue
        const current = status?.external && avg !== undefined && avg !== null ? q(avg) : '<unknown>'
        return `${current}/${q(target.averageValue)} (avg)`
      }
      const current = status?.external ? q(status.external.current?.value) : '<unknown>'
      return `${current}/${q(target?.value)}`
    }
    case 'Pods': {
      const current = status?.pods ? q(status.pods.current?.averageValue) : '<unknown>'
      return `${current}/${q(spec.pods?.target?.averageValue)}`
    }
    case 'Object': {
      const target = spec.object?.target
      if (target?.averageValue !== undefined && target.averageValue !== null) {
        const avg = status?.object?.current?.averageValue
        const current = status?.object && avg !== undefined && avg !== null ? q(avg) : '<unknown>'
        return `${current}/${q(target.averageValue)} (avg)`
      }
      const current = status?.object ? q(status.object.current?.value) : '<unknown>'
      return `${current}/${q(target?.value)}`
    }
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource
      const observed = spec.type === 'Resource' ? status?.resource : status?.containerResource
      const name = source?.name ?? ''
      const target = source?.target
      if (target?.averageValue !== undefined && target.averageValue !== null) {
        const current = observed ? q(observed.current?.averageValue) : '<unknown>'
        return `${name}: ${current}/${q(target.averageValue)}`
      }
      const utilization = observed?.current?.averageUtilization
      const current = utilization !== undefined && utilization !== null ? `${utilization}%` : '<unknown>'
      const wanted = target?.averageUtilization
      return `${name}: ${current}/${wanted !== undefined && wanted !== null ? `${wanted}%` : '<auto>'}`
    }
  }
  return '<unknown type>'
}

/** TARGETS: each metric as `current/target` (`cpu: 40%/80%`), the first two then ` + N more...`; `<none>` without metrics. */
export function formatHPAMetrics(hpa: HorizontalPodAutoscaler): string {
  const specs = hpa.spec?.metrics ?? []
  if (specs.length === 0) return '<none>'
  const statuses = hpa.status?.currentMetrics ?? []
  const max = 2
  const list = specs.map((spec, i) => formatMetric(spec, statuses[i]))
  const text = list.slice(0, max).join(', ')
  return list.length > max ? `${text} + ${list.length - max} more...` : text
}

export const horizontalPodAutoscalerColumns: TableColumn<HorizontalPodAutoscaler>[] = [
  nameColumn(),
  column('Reference', docs.hpaSpecScaleTargetRef, (h) => {
    const ref = asV2(h).spec?.scaleTargetRef
    return `${ref?.kind ?? ''}/${ref?.name ?? ''}`
  }),
  column('Targets', docs.hpaSpecMetrics, (h) => formatHPAMetrics(asV2(h))),
  column('MinPods', docs.hpaSpecMinReplicas, (h) => {
    const min = asV2(h).spec?.minReplicas
    return min === undefined || min === null ? '<unset>' : String(min)
  }),
  // Typed string, as Kubernetes declares them, though the cells are integers.
  column('MaxPods', docs.hpaSpecMaxReplicas, (h) => int(asV2(h).spec?.maxReplicas)),
  column('Replicas', docs.hpaStatusCurrentReplicas, (h) => int(asV2(h).status?.currentReplicas)),
  ageColumn()
]
