import { badRequest } from './errors'

/**
 * Field selectors as k8s.io/apimachinery/pkg/fields parses and matches them:
 * `metadata.name=web-0,status.phase!=Running`. Only `=`, `==` and `!=` exist;
 * terms are joined by `,` (AND). In values `\,` `\=` and `\\` escape the
 * special characters; any other backslash sequence is an error.
 */

/** One term. `==` is kept as `=`, as Kubernetes' Requirements() reports both as Equals. */
export interface FieldRequirement {
  readonly field: string
  readonly operator: '=' | '!='
  readonly value: string
}

/** Transforms a term (the apiserver's field-label conversion); may throw to reject it. */
export type FieldTransform = (field: string, value: string) => { field: string; value: string }

/** A parsed field selector: the AND of its terms, in Kubernetes' (sorted) order. */
export class FieldSelector {
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  /** Matches every object. */
  static everything(): FieldSelector {
    return new FieldSelector([])
  }

  /**
   * Whether an object's selectable fields satisfy every term. A field the
   * object does not have reads as "" (so `spec.nodeName=` selects unscheduled pods).
   */
  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.requirements.every((r) => {
      const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : ''
      return r.operator === '=' ? actual === r.value : actual !== r.value
    })
  }

  /** True when there is no term. */
  empty(): boolean {
    return this.requirements.length === 0
  }

  /** `f=v,g!=w` with values escaped again, as fields.Selector.String(). */
  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',')
  }

  /** The value an `=` term demands for `field` (the first one), for index lookups. */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value
  }

  /** Every term on `field`, e.g. to serve `spec.nodeName=node-1` from an index. */
  requirementsFor(field: string): FieldRequirement[] {
    return this.requirements.filter((r) => r.field === field)
  }

  /**
   * fields.Selector.Transform: maps every term through fn (in order, so the
   * first failing term is the one reported); a term mapped to an empty field
   * and an empty value is dropped.
   */
  transform(fn: FieldTransform): FieldSelector {
    const out: FieldRequirement[] = []
    for (const r of this.requirements) {
      const t = fn(r.field, r.value)
      if (t.field === '' && t.value === '') continue
      out.push({ field: t.field, operator: r.operator, value: t.value })
    }
    return new FieldSelector(out)
  }
}

/** fields.EscapeValue: backslash-escapes `\`, `,` and `=`. */
export function escapeFieldValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`)
}

/**
 * fields.UnescapeValue. Throws a 400 with Kubernetes' text:
 * `invalid field selector: invalid escape sequence: \a`, or
 * `invalid field selector: unescaped character in value: 61` (Go prints the
 * rune as its number).
 */
export function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s
  let out = ''
  let inSlash = false
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`)
      out += c
      inSlash = false
    } else if (c === '\\') {
      inSlash = true
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`)
    } else {
      out += c
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\')
  return out
}

/** Splits on commas that are not backslash-escaped; escapes stay in the terms (fields.splitTerms). */
export function splitFieldSelectorTerms(selector: string): string[] {
  if (selector === '') return []
  const terms: string[] = []
  let start = 0
  let inSlash = false
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i]
    if (inSlash) inSlash = false
    else if (c === '\\') inSlash = true
    else if (c === ',') {
      terms.push(selector.slice(start, i))
      start = i + 1
    }
  }
  terms.push(selector.slice(start))
  return terms
}

/** `!=` is tried before `==` before `=` at each position, so `a==b` is not `a` = `=b`. */
const termOperators = ['!=', '==', '='] as const

/** Splits one term at the first operator; the field part has no escaping (fields.splitTerm). */
export function splitFieldSelectorTerm(term: string): { field: string; op: (typeof termOperators)[number]; raw: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of termOperators) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, raw: term.slice(i + op.length) }
    }
  }
  return undefined
}

/**
 * fields.ParseSelector (the `?fieldSelector=` form). Terms come out sorted by
 * their text, as Kubernetes sorts them before parsing. Throws a 400, e.g.
 * `invalid selector: 'x'; can't understand 'x'`.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  const parts = splitFieldSelectorTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const requirements: FieldRequirement[] = []
  for (const part of parts) {
    if (part === '') continue
    const t = splitFieldSelectorTerm(part)
    if (!t) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`)
    requirements.push({ field: t.field, operator: t.op === '!=' ? '!=' : '=', value: unescapeFieldValue(t.raw) })
  }
  return new FieldSelector(requirements)
}

/** fields.SelectorFromSet: one `=` term per entry. */
export function fieldSelectorFromSet(set: Readonly<Record<string, string>>): FieldSelector {
  return new FieldSelector(Object.entries(set).map(([field, value]) => ({ field, operator: '=', value })))
}

/** fields.OneTermEqualSelector. */
export function oneTermEqualSelector(field: string, value: string): FieldSelector {
  return new FieldSelector([{ field, operator: '=', value }])
}

/**
 * How the apiserver rejects a field it cannot select on. Kinds that register
 * a field-label conversion (pods, nodes, namespaces, secrets, events,
 * replicationcontrollers, replicasets, jobs, custom resources, ...) answer
 * `field label not supported: <field>`; all other kinds use the default
 * conversion: `"<field>" is not a known field selector: only "metadata.name", "metadata.namespace"`.
 */
export type FieldLabelStyle = 'conversion' | 'default'

/** The message for an unsupported field, in the given style. */
export function unsupportedFieldMessage(field: string, style: FieldLabelStyle): string {
  return style === 'conversion'
    ? `field label not supported: ${field}`
    : `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`
}

/**
 * Rejects the first term (in selector order, as the apiserver's Transform
 * walks them) whose field is not in `supported`, with a 400 carrying the
 * apiserver's message in the kind's style. For 'default' kinds pass
 * `['metadata.name', 'metadata.namespace']`, the only fields they accept.
 */
export function checkFieldSelectorFields(selector: FieldSelector, supported: readonly string[], style: FieldLabelStyle = 'conversion'): void {
  for (const r of selector.requirements) {
    if (!supported.includes(r.field)) throw badRequest(unsupportedFieldMessage(r.field, style))
  }
}
