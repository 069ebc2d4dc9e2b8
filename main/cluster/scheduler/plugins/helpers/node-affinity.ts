import type { Node, NodeSelector, NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from 'kubernetes-types/core/v1'
import { newRequirement, type Operator, type Requirement } from '../../../apimachinery/label-selector'

/**
 * Node selector matching as component-helpers' nodeaffinity package does
 * it: terms are ORed, a term's matchExpressions (labels) and matchFields
 * (only metadata.name) are ANDed, an empty term matches nothing, and a term
 * that does not parse (bad operator, a Gt value that is not an integer)
 * never matches instead of failing the pod.
 */

const operators: Readonly<Record<string, Operator>> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!', Gt: 'gt', Lt: 'lt' }

/** A parsed NodeSelectorTerm; `ok` false when it did not parse (it then matches nothing). */
interface Term {
  ok: boolean
  labels: Requirement[]
  /** A node field (only metadata.name exists) must equal (In) or differ from (NotIn) the value. */
  fields: Array<{ key: string; equal: boolean; value: string }>
}

function parseTerm(term: NodeSelectorTerm): Term | undefined {
  const exprs = term.matchExpressions ?? []
  const fields = term.matchFields ?? []
  if (exprs.length === 0 && fields.length === 0) return undefined
  const t: Term = { ok: true, labels: [], fields: [] }
  for (const e of exprs) {
    const op = Object.hasOwn(operators, e.operator) ? operators[e.operator] : undefined
    try {
      if (!op) throw new Error(`${e.operator} is not a valid label selector operator`)
      t.labels.push(newRequirement(e.key, op, e.values?.length ? e.values : undefined))
    } catch {
      t.ok = false
    }
  }
  for (const f of fields) t.ok = parseField(f, t) && t.ok
  return t
}

/** nodeSelectorRequirementsAsFieldSelector: one value, In or NotIn, and only metadata.name exists on a node. */
function parseField(f: NodeSelectorRequirement, t: Term): boolean {
  if ((f.values?.length ?? 0) !== 1) return false
  if (f.operator !== 'In' && f.operator !== 'NotIn') return false
  t.fields.push({ key: f.key, equal: f.operator === 'In', value: f.values![0] })
  return true
}

function termMatches(t: Term, node: Node): boolean {
  if (!t.ok) return false
  const labels = node.metadata?.labels
  for (const r of t.labels) if (!r.matches(labels)) return false
  const name = node.metadata?.name ?? ''
  if (t.fields.length && name !== '') {
    // A field the node does not have reads as "", as fields.Set.Get does.
    for (const f of t.fields) if (((f.key === 'metadata.name' ? name : '') === f.value) !== f.equal) return false
  }
  return true
}

/** A compiled NodeSelector: matches when any term matches. */
export class NodeSelectorMatcher {
  private readonly terms: Term[]

  constructor(selector: NodeSelector) {
    this.terms = (selector.nodeSelectorTerms ?? []).map(parseTerm).filter((t): t is Term => !!t)
  }

  /** Whether some term matches the node. */
  matches(node: Node): boolean {
    for (const t of this.terms) if (termMatches(t, node)) return true
    return false
  }
}

/**
 * nodeaffinity.RequiredNodeAffinity: spec.nodeSelector (every label equal)
 * and the required node affinity terms.
 */
export class RequiredNodeAffinity {
  private readonly selector: ReadonlyArray<[string, string]>
  private readonly affinity: NodeSelectorMatcher | undefined

  constructor(pod: Pod) {
    this.selector = Object.entries(pod.spec?.nodeSelector ?? {})
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution
    this.affinity = required ? new NodeSelectorMatcher(required) : undefined
  }

  /** Whether the pod restricts nodes at all. */
  get empty(): boolean {
    return this.selector.length === 0 && !this.affinity
  }

  /** Whether the node matches the nodeSelector and the required terms. */
  matches(node: Node): boolean {
    if (this.selector.length) {
      const labels = node.metadata?.labels
      if (!labels) return false
      for (const [k, v] of this.selector) if (labels[k] !== v) return false
    }
    return this.affinity ? this.affinity.matches(node) : true
  }
}

/** nodeaffinity.PreferredSchedulingTerms: the summed weights of the matching preferred terms. */
export class PreferredSchedulingTerms {
  private readonly terms: Array<{ term: Term; weight: number }> = []

  constructor(terms: readonly PreferredSchedulingTerm[]) {
    for (const pt of terms) {
      if (!pt.weight) continue
      const term = parseTerm(pt.preference)
      if (term) this.terms.push({ term, weight: pt.weight })
    }
  }

  /** How many usable terms there are. */
  get length(): number {
    return this.terms.length
  }

  /** The summed weights of the terms the node matches. */
  score(node: Node): number {
    let s = 0
    for (const { term, weight } of this.terms) if (termMatches(term, node)) s += weight
    return s
  }
}
