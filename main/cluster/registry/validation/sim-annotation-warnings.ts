import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { simAnnotationWarnings } from '../../sim-annotations'

/**
 * The warnings of the kinds that carry Kubelab's knobs (ResourceDefinition.warnings):
 * a pod's annotations, a workload's pod template's, a node's power.
 */

interface WithMeta {
  metadata?: ObjectMeta
}

interface WithTemplate {
  spec?: { template?: PodTemplateSpec }
}

interface WithJobTemplate {
  spec?: { jobTemplate?: { spec?: { template?: PodTemplateSpec } } }
}

export function podSimWarnings(pod: WithMeta, old?: WithMeta): string[] {
  return simAnnotationWarnings('pod', pod.metadata?.annotations, old?.metadata?.annotations, 'metadata.annotations')
}

export function nodeSimWarnings(node: WithMeta, old?: WithMeta): string[] {
  return simAnnotationWarnings('node', node.metadata?.annotations, old?.metadata?.annotations, 'metadata.annotations')
}

/** Deployments, ReplicaSets, ReplicationControllers, DaemonSets, StatefulSets and Jobs: their pod template. */
export function templateSimWarnings(obj: WithTemplate, old?: WithTemplate): string[] {
  return simAnnotationWarnings('pod', obj.spec?.template?.metadata?.annotations, old?.spec?.template?.metadata?.annotations, 'spec.template.metadata.annotations')
}

export function jobTemplateSimWarnings(obj: WithJobTemplate, old?: WithJobTemplate): string[] {
  const at = (o?: WithJobTemplate) => o?.spec?.jobTemplate?.spec?.template?.metadata?.annotations
  return simAnnotationWarnings('pod', at(obj), at(old), 'spec.jobTemplate.spec.template.metadata.annotations')
}
