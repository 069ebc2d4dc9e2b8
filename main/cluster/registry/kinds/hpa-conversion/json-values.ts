import type { LabelSelector } from 'kubernetes-types/meta/v1'
import type * as v2 from 'kubernetes-types/autoscaling/v2'

/** JSON values as the conversion reads and writes them (Go field order, omitempty). */
export type Json = Record<string, unknown>

/** Drops undefined members so JSON.stringify prints only what Go's omitempty keeps. */
export function compact<T extends Json>(o: T): T {
  for (const k of Object.keys(o)) if (o[k] === undefined) delete o[k]
  return o
}

export function selectorJson(sel: LabelSelector | undefined): Json | undefined {
  if (!sel) return undefined
  const matchLabels = sel.matchLabels && Object.fromEntries(Object.entries(sel.matchLabels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
  const matchExpressions = sel.matchExpressions?.map((e) => compact({ key: e.key, operator: e.operator, values: e.values }))
  return compact({ matchLabels, matchExpressions })
}

export function refJson(ref: v2.CrossVersionObjectReference | undefined): Json {
  return compact({ kind: ref?.kind ?? '', name: ref?.name ?? '', apiVersion: ref?.apiVersion || undefined })
}

export function refFromJson(ref: Json | undefined): v2.CrossVersionObjectReference {
  return compact({ kind: str(ref?.kind), name: str(ref?.name), apiVersion: str(ref?.apiVersion) || undefined })
}

export function str(v: unknown): string {
  return typeof v === 'string' ? v : ''
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' ? v : undefined
}

/** A Quantity field as Go decodes it: numbers and strings; anything else is absent. */
export function qty(v: unknown): string | undefined {
  if (typeof v === 'string') return v
  if (typeof v === 'number') return String(v)
  return undefined
}

export function obj(v: unknown): Json | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : undefined
}

export function selectorFrom(v: unknown): LabelSelector | undefined {
  return obj(v) as LabelSelector | undefined
}

// ---------------------------------------------------------------- metric specs

/** v2 MetricSpec -> the v1 annotation form. */
