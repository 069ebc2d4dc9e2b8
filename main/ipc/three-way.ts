import { effectiveStrategy, type PatchMeta } from '../cluster/apiserver/patch'

/** Where kubectl keeps what it applied last, so the next apply knows what the user removed. */
export const lastAppliedAnnotation = 'kubectl.kubernetes.io/last-applied-configuration'

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }
type JsonMap = { [k: string]: Json }

const isMap = (v: unknown): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The patch `kubectl apply` sends (CreateThreeWayMergePatch, simplified): the
 * new manifest, plus deletions for what the last applied manifest had and
 * the new one dropped: `null` for a removed map field, a `$patch: delete`
 * item for a removed item of a merging list (ports by port, containers by
 * name). Fields the user never applied (set by the server or a controller)
 * are neither in the old nor in the new manifest, so they survive.
 */
export function threeWayPatch(lastApplied: JsonMap | undefined, modified: JsonMap, meta: PatchMeta | undefined): JsonMap {
  return lastApplied ? withDeletions(lastApplied, modified, meta) : modified
}

function withDeletions(orig: JsonMap, mod: JsonMap, meta: PatchMeta | undefined): JsonMap {
  const out: JsonMap = { ...mod }
  for (const key of Object.keys(orig)) {
    const o = orig[key]
    const childMeta = meta?.child(key)
    if (!(key in mod)) {
      out[key] = null
    } else if (isMap(o) && isMap(mod[key])) {
      out[key] = withDeletions(o, mod[key] as JsonMap, childMeta)
    } else if (Array.isArray(o) && Array.isArray(mod[key]) && effectiveStrategy(childMeta) === 'merge' && childMeta?.mergeKey) {
      out[key] = listWithDeletions(o, mod[key] as Json[], childMeta.mergeKey, childMeta)
    }
  }
  return out
}

function listWithDeletions(orig: Json[], mod: Json[], mergeKey: string, meta: PatchMeta): Json[] {
  const keyOf = (item: Json): string | undefined => (isMap(item) && item[mergeKey] !== undefined ? JSON.stringify(item[mergeKey]) : undefined)
  const origByKey = new Map(orig.filter(isMap).map((item) => [keyOf(item), item] as const))
  const out = mod.map((item) => {
    const before = origByKey.get(keyOf(item))
    return before && isMap(item) ? withDeletions(before, item, meta) : item
  })
  const kept = new Set(mod.map(keyOf))
  for (const [key, item] of origByKey) {
    if (key !== undefined && !kept.has(key)) out.push({ [mergeKey]: item[mergeKey], $patch: 'delete' })
  }
  return out
}
