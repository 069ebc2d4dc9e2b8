import type { PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { ObjectMeta } from 'kubernetes-types/meta/v1'
import { path, type FieldPath } from '../../../apimachinery/field-errors'
import { simAnnotationWarnings } from '../../../sim-annotations'
import { nameLabelWarning, podSpecWarnings } from './warnings'

/**
 * ResourceDefinition.warnings of the kinds that hold a pod: Pods, the
 * workloads' pod templates, and Nodes. Kubernetes' own (pod-spec/warnings.ts)
 * as its strategies give them: a Pod's on create only, a template's on
 * create and on updates that change the generation; then Kubelab's about
 * sim.kubelab.dev annotations it cannot read (on any write that sets them).
 */

interface WithMeta {
  metadata?: ObjectMeta
}

interface Pod extends WithMeta {
  spec?: PodTemplateSpec['spec']
}

/** Pods (WarningsOnUpdate is nil for pods: an update only gets Kubelab's). */
export function podWarnings(pod: Pod, old?: Pod): string[] {
  const sim = simAnnotationWarnings('pod', pod.metadata?.annotations, old?.metadata?.annotations, 'metadata.annotations')
  if (old) return sim
  return [...nameLabelWarning(pod.metadata?.name, "the Pod's hostname"), ...podSpecWarnings(pod.spec, pod.metadata), ...sim]
}

/** Nodes: their power knob. */
export function nodeWarnings(node: WithMeta, old?: WithMeta): string[] {
  return simAnnotationWarnings('node', node.metadata?.annotations, old?.metadata?.annotations, 'metadata.annotations')
}

/**
 * The warnings of a workload whose pod template is at `at` (spec.template,
 * or a CronJob's spec.jobTemplate.spec.template); `nameUsedIn` for the kinds
 * whose name becomes their pods' (Deployments, ReplicaSets,
 * ReplicationControllers), warned about on create when it is not a DNS label.
 */
export function templateWarnings<T extends WithMeta>(at: string[], nameUsedIn?: string): (obj: T, old?: T) => string[] {
  const where: FieldPath = path(at[0], ...at.slice(1))
  const template = (obj: T | undefined): PodTemplateSpec | undefined => {
    let v: unknown = obj
    for (const step of at) v = (v as Record<string, unknown> | undefined)?.[step]
    return v as PodTemplateSpec | undefined
  }
  return (obj, old) => {
    const t = template(obj)
    const kubernetes = !old
      ? [...(nameUsedIn ? nameLabelWarning(obj.metadata?.name, nameUsedIn) : []), ...podSpecWarnings(t?.spec, t?.metadata, where)]
      : obj.metadata?.generation !== old.metadata?.generation
        ? podSpecWarnings(t?.spec, t?.metadata, where)
        : []
    const sim = simAnnotationWarnings('pod', t?.metadata?.annotations, template(old)?.metadata?.annotations, `${where.child('metadata', 'annotations')}`)
    return [...kubernetes, ...sim]
  }
}
