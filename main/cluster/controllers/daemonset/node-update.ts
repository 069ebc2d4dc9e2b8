import type { Node, NodeCondition } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'

/**
 * shouldIgnoreNodeUpdate of pkg/controller/daemon: a node update that leaves
 * the set of True conditions as it was and changes nothing else but its
 * resourceVersion and the conditions' timestamps (a heartbeat) cannot change
 * where any DaemonSet belongs, so it enqueues nothing.
 */
export function shouldIgnoreNodeUpdate(oldNode: Node, curNode: Node): boolean {
  if (!nodeInSameCondition(oldNode.status?.conditions ?? [], curNode.status?.conditions ?? [])) return false
  return deepEqual(withoutHeartbeat(oldNode), withoutHeartbeat(curNode))
}

/** nodeInSameCondition: the same condition types are True in both. */
function nodeInSameCondition(old: readonly NodeCondition[], cur: readonly NodeCondition[]): boolean {
  if (old.length === 0 && cur.length === 0) return true
  const trueInOld = new Set(old.filter((c) => c.status === 'True').map((c) => c.type))
  for (const c of cur) {
    if (c.status !== 'True') continue
    if (!trueInOld.delete(c.type)) return false
  }
  return trueInOld.size === 0
}

/** The node with the parts shouldIgnoreNodeUpdate overwrites before comparing: resourceVersion and conditions. */
function withoutHeartbeat(node: Node): Node {
  return { ...node, metadata: { ...node.metadata, resourceVersion: undefined }, status: { ...node.status, conditions: undefined } }
}
