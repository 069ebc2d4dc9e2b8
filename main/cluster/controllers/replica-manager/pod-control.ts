import type { Pod, PodTemplateSpec } from 'kubernetes-types/core/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { isNotFound, isStatusError } from '../../apimachinery/errors'
import type { EventRecorder } from '../../client/event-recorder'
import type { ResourceClient } from '../../client/types'
import type { ReplicaOwner, ReplicaOwnerKind } from './kind'

/**
 * Pod creation and deletion on behalf of an owner, with the events
 * Kubernetes' RealPodControl records (SuccessfulCreate, FailedCreate,
 * SuccessfulDelete, FailedDelete).
 */

/** Reasons of the events this module records. */
export const PodEventReasons = {
  successfulCreate: 'SuccessfulCreate',
  failedCreate: 'FailedCreate',
  successfulDelete: 'SuccessfulDelete',
  failedDelete: 'FailedDelete'
} as const

/** What pod control needs: the pods collection and the owner's event recorder. */
export interface PodControl {
  pods: ResourceClient<Pod>
  events: EventRecorder
}

/** metav1.NewControllerRef: the reference that makes owner the pod's controller and blocks its foreground deletion. */
export function controllerRef(owner: ReplicaOwner, kind: ReplicaOwnerKind): OwnerReference {
  return {
    apiVersion: kind.apiVersion,
    kind: kind.kind,
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true
  }
}

/** GetPodFromTemplate: the template's labels, annotations, finalizers and spec, named `<owner>-<random>`. */
export function podFromTemplate(template: PodTemplateSpec, owner: ReplicaOwner, ref: OwnerReference): Pod {
  const meta = template.metadata ?? {}
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      namespace: owner.metadata.namespace,
      generateName: `${owner.metadata.name}-`,
      labels: { ...(meta.labels ?? {}) },
      ...(Object.keys(meta.annotations ?? {}).length ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers?.length ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [ref]
    },
    // The owner's own spec: the write pipeline copies what it is given (a second copy here was one more deep copy per pod).
    spec: template.spec
  }
}

/** Whether a create failed only because the namespace is terminating (then every create would fail; nothing to report). */
export function isNamespaceTerminating(error: unknown): boolean {
  if (!isStatusError(error)) return false
  const causes = error.status.details?.causes ?? []
  if (causes.some((c) => c.reason === 'NamespaceTerminating')) return true
  return error.reason === 'Forbidden' && error.message.includes('because it is being terminated')
}

/** Creates one pod for owner from its template; records the outcome as an event on the owner. */
export async function createPod(control: PodControl, owner: ReplicaOwner, kind: ReplicaOwnerKind): Promise<Pod> {
  const template = owner.spec?.template ?? {}
  const pod = podFromTemplate(template, owner, controllerRef(owner, kind))
  if (Object.keys(pod.metadata?.labels ?? {}).length === 0) throw new Error('unable to create pods, no labels')
  try {
    const created = await control.pods.create(pod)
    control.events.event(owner, 'Normal', PodEventReasons.successfulCreate, `Created pod: ${created.metadata?.name}`)
    return created
  } catch (e) {
    if (!isNamespaceTerminating(e)) control.events.event(owner, 'Warning', PodEventReasons.failedCreate, `Error creating: ${messageOf(e)}`)
    throw e
  }
}

/** Deletes one of owner's pods; a pod already gone rejects with NotFound and records nothing. */
export async function deletePod(control: PodControl, owner: ReplicaOwner, pod: Pod): Promise<void> {
  const name = pod.metadata?.name ?? ''
  try {
    await control.pods.delete(pod.metadata?.namespace, name)
  } catch (e) {
    if (isNotFound(e)) throw e
    control.events.event(owner, 'Warning', PodEventReasons.failedDelete, `Error deleting: ${messageOf(e)}`)
    throw new Error(`unable to delete pods: ${messageOf(e)}`, { cause: e })
  }
  control.events.event(owner, 'Normal', PodEventReasons.successfulDelete, `Deleted pod: ${name}`)
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
