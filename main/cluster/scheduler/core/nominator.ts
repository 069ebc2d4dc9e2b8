import type { PodInfo } from '../cache/pod-info'

/**
 * Pods nominated to nodes by preemption and not bound yet (the queue's
 * PodNominator). Filters count them on their node for pods of lower or equal
 * priority, so the room freed for a preemptor is not taken by another pod.
 */
export class Nominator {
  private readonly byNode = new Map<string, Map<string, PodInfo>>()
  private readonly nodeOf = new Map<string, string>()
  private static readonly none: readonly PodInfo[] = []

  /** Records (or moves, or with '' clears) a pod's nomination. */
  set(pi: PodInfo, nodeName: string): void {
    this.delete(pi.key)
    if (!nodeName) return
    let m = this.byNode.get(nodeName)
    if (!m) this.byNode.set(nodeName, (m = new Map()))
    m.set(pi.key, pi)
    this.nodeOf.set(pi.key, nodeName)
  }

/** Forgets a pod's nomination. */
  delete(key: string): void {
    const node = this.nodeOf.get(key)
    if (node === undefined) return
    this.nodeOf.delete(key)
    const m = this.byNode.get(node)!
    m.delete(key)
    if (m.size === 0) this.byNode.delete(node)
  }

  /** The node a pod is nominated to, if any. */
  nodeOfPod(key: string): string | undefined {
    return this.nodeOf.get(key)
  }

  /** Whether any pod is nominated anywhere (filters then need not look per node). */
  get empty(): boolean {
    return this.nodeOf.size === 0
  }

  /** Pods nominated to a node. */
  podsOn(nodeName: string): readonly PodInfo[] {
    const m = this.byNode.get(nodeName)
    return m ? [...m.values()] : Nominator.none
  }
}
