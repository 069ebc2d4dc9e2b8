import type { Pod } from 'kubernetes-types/core/v1'
import type { OwnerReference } from 'kubernetes-types/meta/v1'
import { isConflict, isNotFound, notFound } from '../../apimachinery/errors'
import type { Selector } from '../../apimachinery/label-selector'
import type { ResourceClient } from '../../client/types'
import type { ReplicaOwner, ReplicaOwnerKind } from './kind'
import { controllerRef } from './pod-control'
import { controllerRefOf } from './pod-state'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * PodControllerRefManager.ClaimPods: decides which pods an owner controls.
 * A pod it controls that its selector no longer matches is released; an
 * orphan the selector matches is adopted; pods controlled by someone else
 * are left alone. Adoption first re-reads the owner from the API, so an
 * owner deleted a moment ago does not adopt anything.
 */

/** How many times a pod write is retried after a conflict, re-reading the pod, as a patch would not conflict at all. */
const conflictRetries = 5

/** What a claim needs. */
export interface ClaimContext {
  pods: ResourceClient<Pod>
  owner: ReplicaOwner
  kind: ReplicaOwnerKind
  selector: Selector
  /** Rejects when the owner may not adopt (deleted, or replaced by another of the same name); called at most once. */
  canAdopt(): Promise<void>
}

/** The pods owner controls after adopting and releasing; rejects with every error met, after trying each pod. */
export async function claimPods(ctx: ClaimContext, pods: readonly Pod[]): Promise<Pod[]> {
  const uid = ctx.owner.metadata.uid
  const deleting = !!ctx.owner.metadata.deletionTimestamp
  const claimed: Pod[] = []
  const errors: string[] = []
  let adoptable: Promise<void> | undefined
  for (const pod of pods) {
    const ref = controllerRefOf(pod)
    const matches = ctx.selector.matches(pod.metadata?.labels)
    try {
      if (ref) {
        if (ref.uid !== uid) continue
        if (matches) claimed.push(pod)
        // An owner being deleted keeps its pods: the garbage collector decides their fate.
        else if (!deleting) await release(ctx, pod)
        continue
      }
      if (deleting || !matches || pod.metadata?.deletionTimestamp || pod.metadata?.namespace !== ctx.owner.metadata.namespace) continue
      adoptable ??= ctx.canAdopt()
      await adoptable
      const adopted = await adopt(ctx, pod)
      if (adopted) claimed.push(adopted)
    } catch (e) {
      if (!isNotFound(e)) errors.push(e instanceof Error ? e.message : String(e))
    }
  }
  if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${[...new Set(errors)].join(', ')}]`)
  return claimed
}

/** Makes owner the pod's controller; undefined when the pod changed meanwhile so that it is no longer an orphan. */
async function adopt(ctx: ClaimContext, pod: Pod): Promise<Pod | undefined> {
  const ref = controllerRef(ctx.owner, ctx.kind)
  return updateOwnerRefs(ctx.pods, pod, (refs) => {
    if (refs.some((r) => r.controller === true)) return undefined
    // The patch Kubernetes sends merges by uid: an existing plain reference to the owner becomes the controller one.
    return [...refs.filter((r) => r.uid !== ref.uid), ref]
  })
}

/** Removes owner's reference from the pod; a pod gone or no longer referring to owner is fine. */
async function release(ctx: ClaimContext, pod: Pod): Promise<void> {
  const uid = ctx.owner.metadata.uid
  await updateOwnerRefs(ctx.pods, pod, (refs) => (refs.some((r) => r.uid === uid) ? refs.filter((r) => r.uid !== uid) : undefined))
}

/**
 * Read-modify-write of a pod's ownerReferences with the pod's uid as
 * precondition (a recreated pod of the same name is not ours: NotFound).
 * change returns the new list, or undefined when nothing is to be done.
 */
async function updateOwnerRefs(
  pods: ResourceClient<Pod>,
  pod: Pod,
  change: (refs: readonly OwnerReference[]) => OwnerReference[] | undefined
): Promise<Pod | undefined> {
  const namespace = pod.metadata?.namespace
  const name = pod.metadata?.name ?? ''
  let current = pod
  for (let attempt = 1; ; attempt++) {
    if (current.metadata?.uid !== pod.metadata?.uid) throw notFound({ group: '', resource: 'pods' }, name)
    const refs = change(current.metadata?.ownerReferences ?? [])
    if (!refs) return undefined
    const next = deepCopy(current)
    next.metadata = { ...next.metadata, ownerReferences: refs }
    if (refs.length === 0) delete next.metadata.ownerReferences
    try {
      return await pods.update(next)
    } catch (e) {
      if (!isConflict(e) || attempt >= conflictRetries) throw e
      current = await pods.get(namespace, name)
    }
  }
}
