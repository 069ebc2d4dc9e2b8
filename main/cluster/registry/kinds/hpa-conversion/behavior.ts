import type * as v2 from 'kubernetes-types/autoscaling/v2'
import { compact, str, num, obj, type Json } from './json-values'

/** spec.behavior as the JSON of Kubernetes' internal Go type, which is what the v1 annotation carries. */
export function rulesToInternal(r: v2.HPAScalingRules | undefined): Json | null {
  if (!r) return null
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies: r.policies ? r.policies.map((p) => ({ Type: p.type, Value: p.value, PeriodSeconds: p.periodSeconds })) : null
  }
}

/** Go's encoding/json matches field names case-insensitively. */
export function member(o: Json, name: string): unknown {
  if (Object.hasOwn(o, name)) return o[name]
  const lower = name.toLowerCase()
  const k = Object.keys(o).find((key) => key.toLowerCase() === lower)
  return k === undefined ? undefined : o[k]
}

export function rulesFromInternal(v: unknown): v2.HPAScalingRules | undefined {
  const o = obj(v)
  if (!o) return undefined
  const policies = member(o, 'Policies')
  return compact({
    stabilizationWindowSeconds: num(member(o, 'StabilizationWindowSeconds')),
    selectPolicy: typeof member(o, 'SelectPolicy') === 'string' ? (member(o, 'SelectPolicy') as string) : undefined,
    policies: Array.isArray(policies)
      ? policies.map((p) => {
          const q = obj(p) ?? {}
          return { type: str(member(q, 'Type')), value: num(member(q, 'Value')) ?? 0, periodSeconds: num(member(q, 'PeriodSeconds')) ?? 0 }
        })
      : undefined
  })
}

