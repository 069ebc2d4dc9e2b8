import type { Pod } from 'kubernetes-types/core/v1'
import { deepEqual } from '../../apimachinery/validation'

/**
 * Which new versions of a pod the kubelet's pod workers act on
 * (podsDifferSemantically, as the pod config's checkAndUpdatePod uses it):
 * its spec, labels, annotations and deletion, not its status, so the
 * kubelet's own status writes coming back are no update to act on.
 */
export function differsSemantically(a: Pod, b: Pod): boolean {
  if (a === b) return false
  const am = a.metadata ?? {}
  const bm = b.metadata ?? {}
  return (
    am.deletionTimestamp !== bm.deletionTimestamp ||
    am.deletionGracePeriodSeconds !== bm.deletionGracePeriodSeconds ||
    !deepEqual(a.spec, b.spec) ||
    !deepEqual(am.labels, bm.labels) ||
    !deepEqual(am.annotations, bm.annotations)
  )
}
