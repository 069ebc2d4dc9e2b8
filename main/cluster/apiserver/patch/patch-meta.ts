/**
 * Strategic-merge-patch metadata: per field, the `patchStrategy` and
 * `patchMergeKey` struct tags of the Go types (published in OpenAPI as
 * `x-kubernetes-patch-strategy` / `x-kubernetes-patch-merge-key`).
 *
 * A PatchMeta describes one position in an object: the field that holds it
 * (strategy, merge key) and, through `child`, the fields of the value there.
 * For a list the children are its items' fields; for a map with arbitrary
 * keys (labels, data) every key has the same child. Positions the metadata
 * does not know merge as plain JSON: maps recursively, lists replaced.
 */

/** The strategies Kubernetes types declare. */
export type PatchStrategy = 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys'

/** Metadata of one position; see the module comment. */
export interface PatchMeta {
  /** How the field at this position is patched; absent means the default (maps merge, lists replace). */
  readonly strategy?: PatchStrategy
  /** For a merging list of objects: the field identifying an item. */
  readonly mergeKey?: string
  /** Metadata of field `name` of the value here (of list items, of map values). */
  child(name: string): PatchMeta | undefined
}

/** Strategy as the merge code needs it: `retainKeys` only matters to clients building patches. */
export function effectiveStrategy(meta: PatchMeta | undefined): 'merge' | 'replace' | '' {
  switch (meta?.strategy) {
    case 'merge':
    case 'merge,retainKeys':
      return 'merge'
    case 'replace':
      return 'replace'
    default:
      return ''
  }
}

/** Metadata that knows nothing: plain JSON merge everywhere below. */
export const plainPatchMeta: PatchMeta = { child: () => undefined }

/** Declarative form of a PatchMeta, as the data tables write it. */
export interface FieldSpec {
  strategy?: PatchStrategy
  mergeKey?: string
  /** Named fields of the value (or of list items). A function allows recursive and shared types. */
  fields?: FieldMap | (() => FieldMap)
  /** Spec shared by every key of a map-valued field. */
  values?: FieldSpec
}

/** Field name → spec. */
export type FieldMap = Readonly<Record<string, FieldSpec>>

class SpecMeta implements PatchMeta {
  readonly strategy?: PatchStrategy
  readonly mergeKey?: string
  private cache = new Map<string, PatchMeta | undefined>()

  constructor(private readonly spec: FieldSpec) {
    this.strategy = spec.strategy
    this.mergeKey = spec.mergeKey
  }

  child(name: string): PatchMeta | undefined {
    if (this.cache.has(name)) return this.cache.get(name)
    const fields = typeof this.spec.fields === 'function' ? this.spec.fields() : this.spec.fields
    const spec = fields && Object.prototype.hasOwnProperty.call(fields, name) ? fields[name] : this.spec.values
    const meta = spec ? new SpecMeta(spec) : undefined
    this.cache.set(name, meta)
    return meta
  }
}

/** Builds a PatchMeta from its declarative form. */
export function patchMetaFromSpec(spec: FieldSpec): PatchMeta {
  return new SpecMeta(spec)
}

/** An object (or map) field with known sub-fields and the default strategy. */
export function object(fields: FieldMap | (() => FieldMap)): FieldSpec {
  return { fields }
}

/** `patchStrategy:"merge" patchMergeKey:"<key>"`: a list of objects merged by `key`. */
export function mergeList(mergeKey: string, fields?: FieldMap | (() => FieldMap)): FieldSpec {
  return { strategy: 'merge', mergeKey, fields }
}

/** `patchStrategy:"merge,retainKeys" patchMergeKey:"<key>"`. */
export function mergeRetainList(mergeKey: string, fields?: FieldMap | (() => FieldMap)): FieldSpec {
  return { strategy: 'merge,retainKeys', mergeKey, fields }
}

/** `patchStrategy:"merge"` on a list of scalars: merged as a set. */
export const mergeSet: FieldSpec = { strategy: 'merge' }

/** `patchStrategy:"retainKeys"` on an object (a union such as DeploymentStrategy). */
export function retainKeys(fields?: FieldMap | (() => FieldMap)): FieldSpec {
  return { strategy: 'retainKeys', fields }
}

/** `patchStrategy:"replace"`: the value is replaced, never merged. */
export const replaceStrategy: FieldSpec = { strategy: 'replace' }
