import type { Binding } from 'kubernetes-types/core/v1'
import * as errors from '../apimachinery/errors'
import { field, path } from '../apimachinery/field-errors'
import type { KubeObject } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import { editableCopy } from '../storage/freeze'
import type { ResourceStore } from './resource-store'

/**
 * The pods/binding subresource, as the apiserver's BindingREST: assigns a
 * pending pod to a node (spec.nodeName) and marks it PodScheduled, once. The
 * scheduler writes its decisions through it; so can `kubectl create -f binding.yaml`.
 */
export async function bindPod(pods: ResourceStore, clock: Clock, namespace: string, podName: string, binding: Binding): Promise<void> {
  const target = binding.target
  const problems = []
  if (binding.metadata?.name && binding.metadata.name !== podName) {
    throw errors.badRequest(`name in URL does not match name in Binding object`)
  }
  if (!target?.name) problems.push(field.required(path('target', 'name').toString()))
  if (target?.kind && target.kind !== 'Node') problems.push(field.notSupported(path('target', 'kind').toString(), target.kind, ['Node', '<empty>']))
  if (problems.length) throw errors.invalid({ group: '', kind: 'Binding' }, podName, problems)
  const node = target!.name!
  const now = clock.rfc3339()
  await pods.guaranteedUpdate(namespace, podName, (pod: KubeObject) => {
    if (pod.metadata.deletionTimestamp) {
      throw errors.conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is being deleted, cannot be assigned to a host`)
    }
    const spec = pod.spec as { nodeName?: string }
    if (spec.nodeName) {
      throw errors.conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is already assigned to node ${JSON.stringify(spec.nodeName)}`)
    }
    spec.nodeName = node
    // Edited: storage keeps this copy of the stored spec as the new version's (see bindingCopy).
    Object.freeze(spec)
    if (binding.metadata?.annotations) pod.metadata.annotations = { ...pod.metadata.annotations, ...binding.metadata.annotations }
    const status = (pod.status ??= {}) as { conditions?: Array<Record<string, unknown>> }
    const conditions = (status.conditions ??= [])
    const scheduled = { type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: now }
    const i = conditions.findIndex((c) => c.type === 'PodScheduled')
    if (i >= 0) conditions[i] = conditions[i].status === 'True' ? conditions[i] : scheduled
    else conditions.push(scheduled)
    return pod
  }, undefined, bindingCopy)
}

/**
 * What a binding changes gets copied (metadata, spec and status one level
 * deep, the condition list); the rest stays the stored, shared value. The
 * spec is an editable copy (storage/freeze.ts), frozen once nodeName is set:
 * storage keeps it as it is, without copying it again or walking the stored
 * spec's containers and volumes.
 */
function bindingCopy(stored: KubeObject): KubeObject {
  const status = stored.status as { conditions?: unknown[] } | undefined
  return {
    ...stored,
    metadata: { ...stored.metadata },
    spec: editableCopy((stored.spec ?? {}) as object),
    ...(status ? { status: { ...status, ...(status.conditions ? { conditions: [...status.conditions] } : {}) } } : {})
  } as KubeObject
}
