/**
 * Reading the fields lesson checks look at: a value at a path, a pod's
 * readiness, a node's Ready condition and address, and whether a selector
 * (a Service's or RC's map, or a LabelSelector) picks a set of labels.
 */
import type { LabelSelector } from 'kubernetes-types/meta/v1'
import { labelSelectorFromObject, selectorFromSet } from '../apimachinery/label-selector'
import type { KubeObject } from '../apimachinery/types'

/** The value at a path of nested fields, or undefined where one is missing. */
export function get<T>(obj: unknown, ...path: Array<string | number>): T | undefined {
  let cur: unknown = obj
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return cur as T | undefined
}

/** Whether a pod's Ready condition is True (what READY 1/1 and the endpoints controller go by). */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = get<Array<{ type: string; status: string }>>(pod, 'status', 'conditions') ?? []
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True')
}

/** A node's Ready condition: 'True', 'False' or 'Unknown' (no heartbeat yet). */
export function nodeReady(node: KubeObject): 'True' | 'False' | 'Unknown' {
  const conditions = get<Array<{ type: string; status: string }>>(node, 'status', 'conditions') ?? []
  const ready = conditions.find((c) => c.type === 'Ready')?.status
  return ready === 'True' || ready === 'False' ? ready : 'Unknown'
}

export function nodeAddress(node: KubeObject, type = 'InternalIP'): string | undefined {
  return (get<Array<{ type: string; address: string }>>(node, 'status', 'addresses') ?? []).find((a) => a.type === type)?.address
}

/**
 * Whether labels match a selector: a plain map (Service, RC) or a
 * LabelSelector. An empty or missing selector picks nothing here, as a
 * Service without a selector selects no pods.
 */
export function selectorMatches(selector: unknown, labels: Record<string, string> | undefined): boolean {
  if (!selector || typeof selector !== 'object') return false
  const isLabelSelector = 'matchLabels' in selector || 'matchExpressions' in selector
  try {
    const parsed = isLabelSelector ? labelSelectorFromObject(selector as LabelSelector) : selectorFromSet(selector as Record<string, string>)
    return !parsed.empty() && parsed.matches(labels)
  } catch {
    return false
  }
}
