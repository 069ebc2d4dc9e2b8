import type { Pod } from 'kubernetes-types/core/v1'
import type { EventHandlers } from '../../client/informer-handlers'
import { objectKey } from '../../client/indexer-keys'
import { controllerRefOf, isPodActive, isPodReady } from './pod-state'
import { compareStrings, sortShort } from '../../apimachinery/small-sort'

/**
 * The active pods each controller (by uid) controls, counted in groups of
 * one namespace and one label set, kept up to date from the pod informer's
 * events. An owner's pods normally share one label set, so a sync checks its
 * selector and template against a handful of groups instead of every pod,
 * and takes the ready count from the tally: what calculateStatus would count
 * from the pods, without visiting them. Only a count: the pods themselves
 * stay in the informer.
 */

/** Pods of one controller in one namespace with one label set. */
export interface PodGroup {
  labels: Readonly<Record<string, string>> | undefined
  /** Active pods. */
  total: number
  /** Of those, pods whose Ready condition is True. */
  ready: number
}

interface Contribution {
  uid: string
  group: string
  /** The label set it was counted with (its group names it). */
  labels: Readonly<Record<string, string>> | undefined
  ready: boolean
}

export class OwnedPodTally {
  /** controller uid -> (namespace + label set) -> group. */
  private readonly owners = new Map<string, Map<string, PodGroup & { namespace: string }>>()
  /** pod key -> where it is counted. */
  private readonly counted = new Map<string, Contribution>()

  /** Handlers to subscribe to the pod informer. */
  handlers(): EventHandlers<Pod> {
    return {
      onAdd: (pod) => this.set(pod),
      onUpdate: (_old, pod) => this.set(pod),
      onDelete: (pod) => this.remove(objectKey(pod))
    }
  }

  /** The groups of active pods uid controls in namespace. */
  groups(uid: string, namespace: string): PodGroup[] {
    const out: PodGroup[] = []
    for (const g of this.owners.get(uid)?.values() ?? []) if (g.namespace === namespace) out.push(g)
    return out
  }

  private set(pod: Pod): void {
    const key = objectKey(pod)
    const ref = isPodActive(pod) ? controllerRefOf(pod) : undefined
    if (!ref) return this.remove(key)
    const namespace = pod.metadata?.namespace ?? ''
    const labels = pod.metadata?.labels
    const ready = isPodReady(pod)
    const before = this.counted.get(key)
    // A pod's status writes leave its group as it was: seen from its labels, without naming the group again (namespace and key are the pod's own).
    const sameGroup = before !== undefined && before.uid === ref.uid && sameLabels(before.labels, labels)
    if (sameGroup && before.ready === ready) return
    const group = sameGroup ? before.group : `${namespace}\u0000${labelSetKey(labels)}`
    if (before && before.uid === ref.uid && before.group === group) {
      // Same group (a pod turning Ready, or a new copy of its labels): its counts move in place, no entry is dropped and
      // added again (each pod's turn to Ready did that, and the maps' tables grew with the deleted entries).
      before.labels = labels
      if (before.ready !== ready) {
        this.owners.get(ref.uid)!.get(group)!.ready += ready ? 1 : -1
        before.ready = ready
      }
      return
    }
    this.remove(key)
    let groups = this.owners.get(ref.uid)
    if (!groups) this.owners.set(ref.uid, (groups = new Map()))
    let g = groups.get(group)
    if (!g) groups.set(group, (g = { namespace, labels, total: 0, ready: 0 }))
    g.total++
    if (ready) g.ready++
    this.counted.set(key, { uid: ref.uid, group, labels, ready })
  }

  private remove(key: string): void {
    const before = this.counted.get(key)
    if (!before) return
    this.counted.delete(key)
    const groups = this.owners.get(before.uid)!
    const g = groups.get(before.group)!
    g.total--
    if (before.ready) g.ready--
    if (g.total === 0) groups.delete(before.group)
    if (groups.size === 0) this.owners.delete(before.uid)
  }
}

/** Whether b holds the label set a was counted with; a must be a stored (frozen) set, one that cannot have changed since. */
function sameLabels(a: Readonly<Record<string, string>> | undefined, b: Readonly<Record<string, string>> | undefined): boolean {
  if (!a || !b || !Object.isFrozen(a)) return a === undefined && b === undefined
  if (a === b) return true
  let n = 0
  for (const k in a) {
    if (a[k] !== b[k] || !Object.hasOwn(b, k)) return false
    n++
  }
  for (const _key in b) if (--n < 0) return false
  return n === 0
}

/** Keys of stored (frozen) label sets, which a pod's later versions share: each is built once. */
const labelSetKeys = new WeakMap<object, string>()

/** One string per label set, whatever the key order. */
function labelSetKey(labels: Readonly<Record<string, string>> | undefined): string {
  if (!labels) return ''
  const frozen = Object.isFrozen(labels)
  const known = frozen ? labelSetKeys.get(labels) : undefined
  if (known !== undefined) return known
  const key = buildLabelSetKey(labels)
  if (frozen) labelSetKeys.set(labels, key)
  return key
}

function buildLabelSetKey(labels: Readonly<Record<string, string>>): string {
  const keys = Object.keys(labels)
  if (keys.length > 1) sortShort(keys, compareStrings)
  let out = ''
  for (const k of keys) out += `${k}\u0001${labels[k]}\u0002`
  return out
}
