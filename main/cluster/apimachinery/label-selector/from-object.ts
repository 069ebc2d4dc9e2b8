/**
 * Conversion of metav1.LabelSelector objects (matchLabels, matchExpressions)
 * to a Selector, and their printed form.
 */

import type { LabelSelector } from 'kubernetes-types/meta/v1'
import { badRequest } from '../errors'
import { newRequirement, type Operator } from './requirement'
import { Selector } from './selector'

const selectorOperators: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' }

/**
 * metav1.LabelSelectorAsSelector: matchLabels as `=` terms plus
 * matchExpressions (In, NotIn, Exists, DoesNotExist). A missing selector
 * matches nothing; an empty one matches everything. Throws a 400 with
 * Kubernetes' message, e.g. `"Foo" is not a valid pod selector operator` or
 * `values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty`.
 */
export function labelSelectorFromObject(sel: LabelSelector | null | undefined): Selector {
  if (sel === null || sel === undefined) return Selector.nothing()
  const matchLabels = Object.entries(sel.matchLabels ?? {})
  const expressions = sel.matchExpressions ?? []
  if (matchLabels.length + expressions.length === 0) return Selector.everything()
  const requirements = matchLabels.map(([k, v]) => newRequirement(k, '=', [v]))
  for (const expr of expressions) {
    const operator = Object.hasOwn(selectorOperators, expr.operator) ? selectorOperators[expr.operator] : undefined
    if (!operator) throw badRequest(`${JSON.stringify(expr.operator ?? '')} is not a valid pod selector operator`)
    // Go copies the values with append([]string(nil), ...): an empty list becomes nil.
    requirements.push(newRequirement(expr.key, operator, expr.values?.length ? expr.values : undefined))
  }
  return Selector.of(requirements)
}

/** metav1.FormatLabelSelector: the selector's string, `<none>` when empty, `<error>` when invalid. */
export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  let text: string
  try {
    text = labelSelectorFromObject(sel).toString()
  } catch {
    return '<error>'
  }
  return text === '' ? '<none>' : text
}
