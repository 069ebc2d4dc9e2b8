import { parseAllDocuments } from 'yaml'
import type { Status } from 'kubernetes-types/meta/v1'
import type { Cluster } from '../cluster/cluster'
import { isAlreadyExists, isConflict, isNotFound, isStatusError } from '../cluster/apimachinery/errors'
import { parseApiVersion, type KubeObject } from '../cluster/apimachinery/types'
import type { ResourceDefinition } from '../cluster/registry/types'
import { applyStrategicMergePatch, builtinPatchMeta } from '../cluster/apiserver/patch'
import type { JsonObject } from '../cluster/apiserver/patch/json-values'
import type { ApplyResult, Gvr } from '../../preload/contract'
import { lastAppliedAnnotation, threeWayPatch } from './three-way'

/** Conflicts with a controller writing the same object are retried this often before the error is shown. */
const conflictRetries = 3

/**
 * `kubectl apply` for the UI: every document of the YAML (a `kind: List`
 * counts as its items) is created when missing and otherwise merged into the
 * stored object by the kind's strategic-merge rules, as the API's first
 * server-side apply does. Documents are independent, as with kubectl: one
 * failing does not stop the next; each failure carries the API's Status.
 */
export async function applyYaml(cluster: Cluster, yaml: string, defaultNamespace = 'default'): Promise<ApplyResult[]> {
  const results: ApplyResult[] = []
  // parseAllDocuments returns an EmptyStream (no documents) for blank input.
  const docs = parseAllDocuments(yaml)
  let position = 0
  for (const doc of Array.isArray(docs) ? docs : []) {
    position++
    if (doc.errors.length) {
      results.push({ ok: false, document: position, message: `error parsing YAML (document ${position}): ${doc.errors[0].message}` })
      continue
    }
    const value: unknown = doc.toJS()
    if (value === null || value === undefined) continue // an empty document between separators
    const list = isList(value)
    const objects = list ? (value.items as unknown[]) : [value]
    for (const [i, item] of objects.entries()) results.push(await applyOne(cluster, item, position, defaultNamespace, list ? i : undefined))
  }
  // kubectl's words for a manifest with nothing in it.
  if (results.length === 0) throw new Error('no objects passed to apply')
  return results
}

function isList(v: unknown): v is { items: unknown[] } {
  const o = v as { kind?: unknown; items?: unknown }
  return typeof o === 'object' && o !== null && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)
}

async function applyOne(cluster: Cluster, value: unknown, document: number, defaultNamespace: string, item?: number): Promise<ApplyResult> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, document, ...(item !== undefined ? { item } : {}), message: `error validating data: document ${document} is not an object` }
  }
  const obj = value as KubeObject
  const kind = typeof obj.kind === 'string' ? obj.kind : undefined
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined
  const fail = (message: string, status?: Status): ApplyResult => ({ ok: false, document, ...(item !== undefined ? { item } : {}), kind, name, message, ...(status ? { status } : {}) })
  const missing = [typeof obj.apiVersion === 'string' ? '' : 'apiVersion not set', kind ? '' : 'kind not set'].filter(Boolean)
  if (missing.length) return fail(`error validating data: [${missing.join(', ')}]`)

  const { group, version } = parseApiVersion(obj.apiVersion!)
  const def = cluster.resources.registry.kind(group, kind!)
  const gvr: Gvr | undefined = def && { group, version, resource: def.plural }
  if (!def || !gvr || !cluster.resources.registry.gvr(gvr)) return fail(`no matches for kind "${kind}" in version "${obj.apiVersion}"`)

  obj.metadata ??= {}
  if (def.namespaced) obj.metadata.namespace ??= defaultNamespace
  else delete obj.metadata.namespace
  // As kubectl does: the object remembers the manifest, so the next apply can tell what was removed
  // (and a later `kubectl apply` against this cluster agrees with us).
  const manifest = structuredClone(obj) as unknown as Record<string, never>
  obj.metadata.annotations = { ...obj.metadata.annotations, [lastAppliedAnnotation]: JSON.stringify(manifest) }
  try {
    const client = cluster.client.resource(gvr)
    for (let attempt = 0; ; attempt++) {
      let current: KubeObject | undefined
      if (name) {
        try {
          current = await client.get(obj.metadata.namespace, name)
        } catch (e) {
          if (!isNotFound(e)) throw e
        }
      }
      try {
        if (!current) return withWarnings({ ok: true, action: 'created', object: await client.create(structuredClone(obj)), gvr }, def)
        const meta = builtinPatchMeta(obj.apiVersion!, kind!)
        // The manifest never carries the writer's precondition: the stored revision does.
        const { resourceVersion: _ignored, ...appliedMeta } = obj.metadata
        const patch = threeWayPatch(lastApplied(current), { ...obj, metadata: appliedMeta } as never, meta)
        const merged = applyStrategicMergePatch(structuredClone(current) as unknown as JsonObject, patch as JsonObject, meta) as unknown as KubeObject
        merged.metadata.resourceVersion = current.metadata.resourceVersion
        if (JSON.stringify(merged) === JSON.stringify(current)) return { ok: true, action: 'unchanged', object: current, gvr }
        return withWarnings({ ok: true, action: 'configured', object: await client.update(merged), gvr }, def, current)
      } catch (e) {
        // Someone else wrote (or created) it between our read and write: read again.
        if ((isConflict(e) || isAlreadyExists(e)) && attempt < conflictRetries) continue
        throw e
      }
    }
  } catch (e) {
    if (isStatusError(e)) return fail(e.message, e.status)
    return fail(e instanceof Error ? e.message : String(e))
  }
}

/** The result with the kind's warnings about what it stored (those kubectl would print), if any. */
function withWarnings(result: ApplyResult & { ok: true }, def: ResourceDefinition, old?: KubeObject): ApplyResult {
  const warnings = def.warnings?.(result.object, old) ?? []
  return warnings.length ? { ...result, warnings } : result
}

/** The manifest last applied to an object, if it was applied (by us or kubectl) and the note is readable. */
function lastApplied(obj: KubeObject): Record<string, never> | undefined {
  const text = obj.metadata.annotations?.[lastAppliedAnnotation]
  if (!text) return undefined
  try {
    const v: unknown = JSON.parse(text)
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, never>) : undefined
  } catch {
    return undefined
  }
}
