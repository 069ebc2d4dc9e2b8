import type { GroupVersionKind } from '../../apimachinery/types'
import { schemaNameFor, typeDef } from '../schema/schemas'

/**
 * The object a create is compared against: the apiserver compares with a
 * new, empty Go struct of the kind, whose by-value structs (metadata, spec,
 * status, a workload's pod template...) are present though empty and whose
 * fields without omitempty are null. What is present there is not "added"
 * by the create, which is why `f:spec` carries no `.` in managedFields while
 * `f:labels` does.
 */

/** Struct fields Go holds by value below spec, per kind (paths from spec). */
const byValueBelowSpec: Readonly<Record<string, readonly string[]>> = {
  Deployment: ['template', 'template.metadata', 'template.spec', 'strategy'],
  ReplicaSet: ['template', 'template.metadata', 'template.spec'],
  DaemonSet: ['template', 'template.metadata', 'template.spec', 'updateStrategy'],
  StatefulSet: ['template', 'template.metadata', 'template.spec', 'updateStrategy'],
  Job: ['template', 'template.metadata', 'template.spec'],
  CronJob: ['jobTemplate', 'jobTemplate.metadata', 'jobTemplate.spec', 'jobTemplate.spec.template', 'jobTemplate.spec.template.metadata', 'jobTemplate.spec.template.spec'],
  PodTemplate: []
}

const cache = new Map<string, Readonly<Record<string, unknown>>>()

/** The empty object of a kind (shared: never change it). */
export function zeroObject(gvk: GroupVersionKind): Readonly<Record<string, unknown>> {
  const key = `${gvk.group}/${gvk.version}/${gvk.kind}`
  let zero = cache.get(key)
  if (!zero) cache.set(key, (zero = buildZeroObject(gvk)))
  return zero
}

function buildZeroObject(gvk: GroupVersionKind): Record<string, unknown> {
  const root: Record<string, unknown> = { metadata: {} }
  const name = schemaNameFor(gvk)
  const props = name ? (typeDef(name)?.properties ?? {}) : {}
  for (const top of ['spec', 'status']) {
    const node = props[top]
    if (node && 'ref' in node) root[top] = zeroStruct(node.ref, top === 'spec' ? (byValueBelowSpec[gvk.kind] ?? []) : [], '')
  }
  if (gvk.kind === 'PodTemplate') root.template = { metadata: {}, spec: zeroStruct('io.k8s.api.core.v1.PodSpec', [], '') }
  return root
}

/** An empty struct of `type`: its by-value sub-structs (from `byValue`, dotted paths) empty, its non-omitempty fields null. */
function zeroStruct(type: string, byValue: readonly string[], prefix: string): Record<string, unknown> {
  const def = typeDef(type)
  const out: Record<string, unknown> = {}
  for (const field of def?.required ?? []) out[field] = null
  for (const [field, node] of Object.entries(def?.properties ?? {})) {
    const path = prefix ? `${prefix}.${field}` : field
    if (byValue.includes(path) && 'ref' in node) out[field] = zeroStruct(node.ref, byValue, path)
  }
  return out
}
