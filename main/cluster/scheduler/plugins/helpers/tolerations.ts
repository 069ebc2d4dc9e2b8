import type { Taint, Toleration } from 'kubernetes-types/core/v1'

/**
 * Toleration.ToleratesTaint: the effect matches (or the toleration names
 * none), the key matches (or the toleration names none, which only Exists
 * allows), and the value is equal (operator Equal, the default) or anything
 * (Exists).
 */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false
  if (t.key && t.key !== taint.key) return false
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '')
    case 'Exists':
      return true
    default:
      return false
  }
}

/** v1helper.TolerationsTolerateTaint: some toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  // Indexed, as below: TaintToleration's Filter runs on every node for every pod, and a for-of allocated an iterator per call.
  for (let i = 0; i < tolerations.length; i++) if (toleratesTaint(tolerations[i], taint)) return true
  return false
}

/**
 * v1helper.FindMatchingUntoleratedTaint: the first taint (in the node's
 * order) that passes the filter and that no toleration tolerates.
 */
export function findMatchingUntoleratedTaint(taints: readonly Taint[], tolerations: readonly Toleration[], filter: (t: Taint) => boolean): Taint | undefined {
  for (let i = 0; i < taints.length; i++) {
    const taint = taints[i]
    if (!filter(taint)) continue
    if (!tolerationsTolerateTaint(tolerations, taint)) return taint
  }
  return undefined
}

/** helper.DoNotScheduleTaintsFilterFunc: NoSchedule and NoExecute taints keep pods off. */
export function isDoNotScheduleTaint(t: Taint): boolean {
  return t.effect === 'NoSchedule' || t.effect === 'NoExecute'
}
