import { createHash } from 'node:crypto'
import type { GroupVersionKind } from '../../apimachinery/types'
import { Registry } from '../../registry/registry'
import { defs, definitionName } from '../../registry/schema/model'
import { typeDef } from '../../registry/schema/schemas'
import { builtinPatchMeta } from '../patch/patch-meta-core'
import type { ExtraSubresource } from '../discovery'
import type { AggregatedGroup } from '../metrics/metrics-group'
import { type PatchExtensions, collectPatchExtensions, renderSchemas } from './components'
import { type PathItem, type PathsSource, resourcePaths, rootPath } from './paths'

/**
 * The OpenAPI v3 documents of the served API, generated from the registry
 * and the schema model: `GET /openapi/v3` answers index(), and
 * `GET /openapi/v3/<gv>` (`api/v1`, `apis/apps/v1`) answers document(gv).
 * kubectl reads them for `apply` (patch metadata, and the fieldValidation
 * parameter that lets it skip client-side validation) and for `explain`.
 * Each document is built on first use and kept; its hash is the SHA-512 of
 * its JSON, as the apiserver's.
 */

/** The OpenAPI v3 discovery index. */
export interface OpenApiIndex {
  paths: Record<string, { serverRelativeURL: string }>
}

interface Built {
  doc: unknown
  json: string
  hash: string
}

/** `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`
}

export class OpenApiService {
  private readonly built = new Map<string, Built>()
  private readonly served = new Map<string, { group: string; version: string; defs: PathsSource[]; aggregated?: boolean }>()

  /**
   * `extras`: subresources served beyond status and scale (pods/binding ...), as discovery lists them.
   * `aggregated`: groups served outside the registry (metrics.k8s.io), each with a document as its
   * APIService's server publishes it.
   */
  constructor(
    private readonly registry: Registry,
    private readonly extras: readonly ExtraSubresource[] = [],
    aggregated: readonly AggregatedGroup[] = []
  ) {
    for (const def of registry.definitions) {
      for (const version of Registry.versionsOf(def)) {
        const key = groupVersionPath(def.group, version)
        const entry = this.served.get(key) ?? { group: def.group, version, defs: [] }
        entry.defs.push(def)
        this.served.set(key, entry)
      }
    }
    for (const g of aggregated) {
      this.served.set(groupVersionPath(g.group, g.version), { group: g.group, version: g.version, defs: g.resources.map((r) => aggregatedDefinition(g, r)), aggregated: true })
    }
  }

  /** The served group-version paths, sorted. */
  groupVersionPaths(): string[] {
    return [...this.served.keys()].sort()
  }

  /** The index: every served group-version with the URL of its document, hash included. */
  index(): OpenApiIndex {
    const paths: OpenApiIndex['paths'] = {}
    for (const gv of this.groupVersionPaths()) paths[gv] = { serverRelativeURL: `/openapi/v3/${gv}?hash=${this.hash(gv)}` }
    return { paths }
  }

  /** The document of `api/v1` or `apis/<group>/<version>` (slashes around it ignored), or undefined when not served. */
  document(gvPath: string): unknown | undefined {
    return this.build(gvPath)?.doc
  }

  /** The document as JSON text, as served. */
  documentJSON(gvPath: string): string | undefined {
    return this.build(gvPath)?.json
  }

  /** The upper-case hex SHA-512 of the document's JSON; '' when the group-version is not served. */
  hash(gvPath: string): string {
    return this.build(gvPath)?.hash ?? ''
  }

  private build(gvPath: string): Built | undefined {
    const key = gvPath.replace(/^\/+|\/+$/g, '')
    const hit = this.built.get(key)
    if (hit) return hit
    const gv = this.served.get(key)
    if (!gv) return undefined
    const doc = this.generate(gv.group, gv.version, gv.defs)
    const json = JSON.stringify(doc)
    const built = { doc, json, hash: createHash('sha512').update(json).digest('hex').toUpperCase() }
    this.built.set(key, built)
    return built
  }

  private generate(group: string, version: string, served: PathsSource[]): unknown {
    const paths: Record<string, PathItem> = { ...rootPath(group, version) }
    // A group-version of create-only kinds (the reviews) names only its kinds and APIResourceList, as the apiserver's does.
    const createOnly = served.every((def) => def.verbs?.length === 1 && def.verbs[0] === 'create')
    const roots = new Set<string>(createOnly ? [defs.apiResourceList] : [defs.status, defs.deleteOptions, defs.watchEvent, defs.patch, defs.apiResourceList])
    const patch: PatchExtensions = new Map()
    for (const def of served) {
      Object.assign(paths, resourcePaths(def, version, this.extras))
      const gvk = { group: def.group, version, kind: def.kind }
      const kindSchema = definitionName(gvk)
      roots.add(kindSchema)
      if (!def.verbs || def.verbs.includes('list')) roots.add(definitionName({ ...gvk, kind: `${def.kind}List` }))
      if (def.scale) roots.add(defs.scale)
      for (const x of this.extras) {
        if (x.group === def.group && x.resource === def.plural && typeDef(definitionName(x.kind))) roots.add(definitionName(x.kind))
      }
      const meta = builtinPatchMeta(group === '' ? version : `${group}/${version}`, def.kind)
      if (meta) collectPatchExtensions(kindSchema, meta, patch)
    }
    const sortedPaths: Record<string, PathItem> = {}
    for (const p of Object.keys(paths).sort()) sortedPaths[p] = paths[p]
    return {
      openapi: '3.0.0',
      info: { title: 'Kubernetes', version: 'unversioned' },
      paths: sortedPaths,
      components: { schemas: renderSchemas(roots, patch, this.sharedKinds()) }
    }
  }

  /** Kinds of the meta types every group-version carries, as the apiserver lists them. */
  private sharedKinds(): Map<string, GroupVersionKind[]> {
    const gvs = [{ group: '', version: 'v1' }, ...[...this.served.values()].filter((g) => g.group !== '' && !g.aggregated).map((g) => ({ group: g.group, version: g.version }))]
    gvs.sort((a, b) => a.group.localeCompare(b.group) || a.version.localeCompare(b.version))
    const every = (kind: string): GroupVersionKind[] => gvs.map((g) => ({ ...g, kind }))
    return new Map([
      [defs.status, [{ group: '', version: 'v1', kind: 'Status' }]],
      [defs.deleteOptions, every('DeleteOptions')],
      [defs.watchEvent, every('WatchEvent')]
    ])
  }
}

/** A resource of an aggregated group as the paths generator reads a definition: get and list only, no status. */
function aggregatedDefinition(g: AggregatedGroup, r: AggregatedGroup['resources'][number]): PathsSource {
  return {
    group: g.group,
    kind: r.kind,
    plural: r.resource,
    namespaced: r.namespaced,
    hasStatus: false,
    verbs: r.verbs
  }
}
