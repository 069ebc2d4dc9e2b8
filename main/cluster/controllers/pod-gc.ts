import type { Node, Pod } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../apimachinery/errors'
import type { Timer } from '../clock'
import { errorMessage } from '../client/controller-logger'
import type { Component, ComponentFactory } from '../component'
import { withDisruptionTarget, type DisruptionReason } from './disruption-target'

/**
 * kube-controller-manager's pod garbage collector (pkg/controller/podgc),
 * every 20 s of cluster time:
 * - orphaned pods: a pod bound to a node that no longer exists (still
 *   missing 40 s after it was first seen missing, and confirmed with the
 *   API) is marked Failed with DisruptionTarget=True (DeletionByPodGC) and
 *   force-deleted. No kubelet will ever finish it; its controller replaces it.
 * - terminating pods that were never scheduled, or whose node is out of
 *   service (the `node.kubernetes.io/out-of-service` taint on a node not
 *   Ready): force-deleted.
 * - terminated pods (Succeeded, Failed) beyond --terminated-pod-gc-threshold
 *   (12,500): the oldest are deleted.
 */

const podsGVR = { group: '', version: 'v1', resource: 'pods' }
const nodesGVR = { group: '', version: 'v1', resource: 'nodes' }
const componentName = 'pod-garbage-collector'

/** gcCheckPeriod. */
export const gcCheckPeriodMs = 20_000
/** How long a node must stay missing before its pods go (quarantineTime). */
export const quarantineMs = 40_000
/** --terminated-pod-gc-threshold's default. */
export const terminatedPodThreshold = 12_500

const orphaned: DisruptionReason = { reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' }
const outOfServiceTaint = 'node.kubernetes.io/out-of-service'

const terminated = (pod: Pod): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed'
const ready = (node: Node): boolean => node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false

export const podGCComponent: ComponentFactory = (ctx): Component => {
  const pods = ctx.informers.informerFor<Pod>(podsGVR)
  const nodes = ctx.informers.informerFor<Node>(nodesGVR)
  const podClient = ctx.client.resource<Pod>(podsGVR)
  const nodeClient = ctx.client.resource<Node>(nodesGVR)
  /** Missing node names, with when each was first seen missing (nodeQueue's AddAfter). */
  const missingSince = new Map<string, number>()
  let timer: Timer | undefined
  let running: Promise<void> = Promise.resolve()

  /** Deletes a pod now; a pod not yet terminal is marked Failed first (and, for `why`, DisruptionTarget). */
  const forceDelete = async (pod: Pod, why?: DisruptionReason): Promise<void> => {
    const { namespace, name, uid } = pod.metadata ?? {}
    try {
      if (!terminated(pod)) {
        const status = { ...((why && withDisruptionTarget(pod, why, ctx.clock.rfc3339())) || pod.status), phase: 'Failed' }
        await podClient.updateStatus({ ...pod, status })
      }
      await podClient.delete(namespace, name ?? '', { gracePeriodSeconds: 0, preconditions: { uid } })
    } catch (e) {
      // Gone already, or changed: the next pass sees it as it is.
      if (!isNotFound(e) && !isConflict(e)) ctx.logger.warn(`${componentName}: deleting pod ${namespace}/${name}: ${errorMessage(e)}`)
    }
  }

  /** discoverDeletedNodes: the missing nodes past their quarantine that the API confirms are gone. */
  const deletedNodes = async (existing: ReadonlySet<string>, now: number): Promise<Set<string>> => {
    const deleted = new Set<string>()
    for (const [name, since] of [...missingSince]) {
      if (existing.has(name)) {
        missingSince.delete(name)
        continue
      }
      if (now - since < quarantineMs) continue
      try {
        await nodeClient.get(undefined, name)
        missingSince.delete(name)
      } catch (e) {
        if (isNotFound(e)) deleted.add(name)
      }
    }
    return deleted
  }

  const gc = async (): Promise<void> => {
    const now = ctx.clock.now()
    const all = pods.list()
    const nodeList = nodes.list()
    const existing = new Set(nodeList.map((n) => n.metadata?.name ?? ''))

    // gcTerminated: the oldest terminated pods beyond the threshold.
    const done = all.filter(terminated)
    if (done.length > terminatedPodThreshold) {
      const oldest = done.sort((a, b) => (a.metadata?.creationTimestamp ?? '').localeCompare(b.metadata?.creationTimestamp ?? '')).slice(0, done.length - terminatedPodThreshold)
      for (const pod of oldest) await forceDelete(pod)
    }

    // gcTerminating: terminating pods on nodes taken out of service.
    const outOfService = new Set(nodeList.filter((n) => !ready(n) && n.spec?.taints?.some((t) => t.key === outOfServiceTaint && t.effect === 'NoExecute')).map((n) => n.metadata?.name))
    if (outOfService.size) for (const pod of all) if (pod.metadata?.deletionTimestamp && outOfService.has(pod.spec?.nodeName)) await forceDelete(pod)

    // gcOrphaned: pods bound to nodes gone for good.
    for (const pod of all) {
      const node = pod.spec?.nodeName
      if (node && !existing.has(node) && !missingSince.has(node)) missingSince.set(node, now)
    }
    const deleted = await deletedNodes(existing, now)
    if (deleted.size) {
      for (const pod of all) {
        if (!deleted.has(pod.spec?.nodeName ?? '')) continue
        ctx.logger.info(`${componentName}: forced deletion of orphaned pod ${pod.metadata?.namespace}/${pod.metadata?.name} (node ${pod.spec?.nodeName} no longer exists)`)
        await forceDelete(pod, orphaned)
      }
    }

    // gcUnscheduledTerminating: terminating pods that no kubelet will ever finish.
    for (const pod of all) if (pod.metadata?.deletionTimestamp && !pod.spec?.nodeName) await forceDelete(pod)
  }

  return {
    name: componentName,
    async start() {
      void Promise.all([pods.waitForSync(), nodes.waitForSync()]).then(([podsSynced, nodesSynced]) => {
        if (!podsSynced || !nodesSynced) return
        timer = ctx.clock.setInterval(() => {
          running = running.then(gc).catch((e: unknown) => ctx.logger.warn(`${componentName}: ${errorMessage(e)}`))
        }, gcCheckPeriodMs)
      })
    },
    async stop() {
      timer?.cancel()
      await running
    }
  }
}
