import { createHash } from 'node:crypto'
import type { ResourceDefinition } from '../registry/types'
import { Registry } from '../registry/registry'
import { apiVersionOf, type GroupVersionKind } from '../apimachinery/types'
import type { AggregatedGroup, AggregatedResource } from './metrics/metrics-group'

/**
 * Discovery documents generated from the registry: the aggregated form
 * (apidiscovery.k8s.io/v2, which kubectl 1.32 asks for first) and the legacy
 * APIVersions / APIGroupList / APIResourceList documents.
 */

/** The media type kubectl needs back to read the aggregated form. */
export const aggregatedDiscoveryContentType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']
const subresourceVerbs = ['get', 'patch', 'update']

/** Groups in the order the real apiserver lists them; unknown groups go last, by name. */
const groupOrder = [
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'metrics.k8s.io',
  'kubelab.dev'
]

/** An extra subresource a kind serves beyond status and scale (pods/log, pods/binding ...). */
export interface ExtraSubresource {
  group: string
  resource: string
  subresource: string
  kind: { group: string; version: string; kind: string }
  verbs: string[]
}

interface GroupVersions {
  group: string
  /** Preferred first. */
  versions: string[]
}

export class Discovery {
  constructor(
    private readonly registry: Registry,
    private readonly extras: readonly ExtraSubresource[] = [],
    /** Groups served outside the registry, as aggregated APIs (metrics.k8s.io). */
    private readonly apiServices: readonly AggregatedGroup[] = []
  ) {}

  /** Every group (without the core group), with its versions preferred-first, in the apiserver's order. */
  groups(): GroupVersions[] {
    const byGroup = new Map<string, string[]>()
    for (const def of this.registry.definitions) {
      if (def.group === '') continue
      const list = byGroup.get(def.group) ?? []
      for (const v of Registry.versionsOf(def)) if (!list.includes(v)) list.push(v)
      byGroup.set(def.group, list)
    }
    for (const g of this.apiServices) byGroup.set(g.group, [...(byGroup.get(g.group) ?? []), g.version])
    const rank = (g: string): number => {
      const i = groupOrder.indexOf(g)
      return i < 0 ? groupOrder.length : i
    }
    return [...byGroup.entries()]
      .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
      .map(([group, versions]) => ({ group, versions: versions.sort(compareVersions) }))
  }

  /** Definitions served in group/version. */
  private served(group: string, version: string): ResourceDefinition[] {
    return this.registry.definitions.filter((d) => d.group === group && Registry.versionsOf(d).includes(version))
  }

  /** The aggregated discovery list for `/api` (core) or `/apis` (groups). */
  aggregated(core: boolean): unknown {
    const groups: GroupVersions[] = core ? [{ group: '', versions: ['v1'] }] : this.groups()
    return {
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: groups.map((g) => ({
        metadata: { name: g.group, creationTimestamp: null },
        versions: g.versions.map((version) => ({
          version,
          resources: [
            ...this.served(g.group, version).map((def) => this.aggregatedResource(def, version)),
            ...this.servedElsewhere(g.group, version).map((r) => ({
              resource: r.resource,
              responseKind: responseKind(g.group, version, { group: g.group, version, kind: r.kind }),
              scope: r.namespaced ? 'Namespaced' : 'Cluster',
              singularResource: '',
              verbs: r.verbs
            }))
          ],
          freshness: 'Current'
        }))
      }))
    }
  }

  private aggregatedResource(def: ResourceDefinition, version: string): unknown {
    const subresources: unknown[] = []
    const kindIn = (gvk: GroupVersionKind) => responseKind(def.group, version, gvk)
    if (def.hasStatus) subresources.push({ subresource: 'status', responseKind: kindIn({ group: def.group, version, kind: def.kind }), verbs: subresourceVerbs })
    if (def.scale) subresources.push({ subresource: 'scale', responseKind: kindIn({ group: 'autoscaling', version: 'v1', kind: 'Scale' }), verbs: subresourceVerbs })
    for (const sub of Object.keys(def.updateSubresources ?? {})) subresources.push({ subresource: sub, responseKind: kindIn({ group: def.group, version, kind: def.kind }), verbs: subresourceVerbs })
    for (const x of this.extras) {
      if (x.group === def.group && x.resource === def.plural) subresources.push({ subresource: x.subresource, responseKind: kindIn(x.kind), verbs: x.verbs })
    }
    // The apiserver installs a group's paths sorted: a resource's subresources come in name order.
    subresources.sort((a, b) => byName((a as { subresource: string }).subresource, (b as { subresource: string }).subresource))
    return {
      resource: def.plural,
      responseKind: kindIn({ group: def.group, version, kind: def.kind }),
      scope: def.namespaced ? 'Namespaced' : 'Cluster',
      singularResource: def.singular,
      verbs: def.verbs ?? allVerbs,
      ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
      ...(def.categories.length ? { categories: def.categories } : {}),
      ...(subresources.length ? { subresources } : {})
    }
  }

  /** Legacy `/api`. */
  apiVersions(serverAddress: string): unknown {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] }
  }

  /** Legacy `/apis`. */
  apiGroupList(): unknown {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groups().map((g) => this.apiGroup(g)) }
  }

  /** Legacy `/apis/<group>`, or undefined when the group is not served. */
  apiGroupDoc(group: string): unknown {
    const g = this.groups().find((x) => x.group === group)
    return g ? { kind: 'APIGroup', apiVersion: 'v1', ...this.apiGroup(g) } : undefined
  }

  private apiGroup(g: GroupVersions): { name: string; versions: unknown[]; preferredVersion: unknown } {
    const versions = g.versions.map((version) => ({ groupVersion: `${g.group}/${version}`, version }))
    return { name: g.group, versions, preferredVersion: versions[0] }
  }

  /** Resources of group/version an aggregated API serves. */
  private servedElsewhere(group: string, version: string): AggregatedResource[] {
    return this.apiServices.filter((g) => g.group === group && g.version === version).flatMap((g) => g.resources)
  }

  /** Legacy `/api/v1` or `/apis/<group>/<version>`, or undefined when not served. */
  apiResourceList(group: string, version: string): unknown {
    const defs = this.served(group, version)
    const elsewhere = this.servedElsewhere(group, version)
    if (!defs.length && !elsewhere.length) return undefined
    const resources: unknown[] = elsewhere.map((r) => ({ name: r.resource, singularName: '', namespaced: r.namespaced, kind: r.kind, verbs: r.verbs }))
    for (const def of defs) {
      resources.push({
        name: def.plural,
        singularName: def.singular,
        namespaced: def.namespaced,
        kind: def.kind,
        verbs: def.verbs ?? allVerbs,
        ...(def.shortNames.length ? { shortNames: def.shortNames } : {}),
        ...(def.categories.length ? { categories: def.categories } : {}),
        ...(def.createOnly || def.computed ? {} : { storageVersionHash: storageVersionHash(def) })
      })
      const firstSubresource = resources.length
      if (def.hasStatus) resources.push({ name: `${def.plural}/status`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: subresourceVerbs })
      for (const sub of Object.keys(def.updateSubresources ?? {})) resources.push({ name: `${def.plural}/${sub}`, singularName: '', namespaced: def.namespaced, kind: def.kind, verbs: subresourceVerbs })
      if (def.scale) {
        resources.push({ name: `${def.plural}/scale`, singularName: '', namespaced: def.namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: subresourceVerbs })
      }
      for (const x of this.extras) {
        if (x.group === def.group && x.resource === def.plural) {
          const other = x.kind.group !== group || x.kind.version !== version
          resources.push({
            name: `${def.plural}/${x.subresource}`,
            singularName: '',
            namespaced: def.namespaced,
            ...(other ? { group: x.kind.group, version: x.kind.version } : {}),
            kind: x.kind.kind,
            verbs: x.verbs
          })
        }
      }
      const subresources = resources.splice(firstSubresource).sort((a, b) => byName((a as { name: string }).name, (b as { name: string }).name))
      resources.push(...subresources)
    }
    return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(group, version), resources }
  }
}

/** Go's string order (the names are ASCII). */
function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

/** Kubernetes version priority: GA before beta before alpha, higher numbers first (v2 > v1 > v1beta1). */
export function compareVersions(a: string, b: string): number {
  const parse = (v: string): [number, number, number] => {
    const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v)
    if (!m) return [-1, 0, 0]
    const stability = m[2] === 'alpha' ? 0 : m[2] === 'beta' ? 1 : 2
    return [stability, Number(m[1]), Number(m[3] ?? 0)]
  }
  const [sa, ma, na] = parse(a)
  const [sb, mb, nb] = parse(b)
  return sb - sa || mb - ma || nb - na || a.localeCompare(b)
}

/**
 * A resource's responseKind as the apiserver writes it: group and version
 * stay empty when they are those of the group-version being described, and
 * are named only when they differ (a scale subresource's autoscaling/v1).
 */
function responseKind(group: string, version: string, gvk: GroupVersionKind): GroupVersionKind {
  return gvk.group === group && gvk.version === version ? { group: '', version: '', kind: gvk.kind } : gvk
}

/**
 * The legacy document's storageVersionHash of a stored kind: the first 8
 * bytes of sha256("<group>/<storage version>/<kind>"), base64, as
 * k8s.io/apiserver's discovery.StorageVersionHash computes it.
 */
function storageVersionHash(def: ResourceDefinition): string {
  return createHash('sha256').update(`${def.group}/${def.version}/${def.kind}`).digest().subarray(0, 8).toString('base64')
}
