import type { ResourceDefinition } from './types'
import type { GroupVersionResource } from '../apimachinery/types'

/**
 * The catalog of served kinds: finds a definition by resource (URL form), by
 * kind (manifest form) or by a name kubectl accepts (plural, singular, short
 * name, kind).
 */
export class Registry {
  private readonly byResource = new Map<string, ResourceDefinition>()
  private readonly byKind = new Map<string, ResourceDefinition>()

  constructor(readonly definitions: readonly ResourceDefinition[]) {
    for (const def of definitions) {
      const rk = `${def.group}/${def.plural}`
      if (this.byResource.has(rk)) throw new Error(`resource ${rk} registered twice`)
      this.byResource.set(rk, def)
      this.byKind.set(`${def.group}/${def.kind}`, def)
    }
  }

  /** The definition for group + plural resource, or undefined. */
  resource(group: string, plural: string): ResourceDefinition | undefined {
    return this.byResource.get(`${group}/${plural}`)
  }

  /** The definition for a group-version-resource, if that version is served. */
  gvr(gvr: GroupVersionResource): ResourceDefinition | undefined {
    const def = this.resource(gvr.group, gvr.resource)
    if (!def) return undefined
    if (def.version === gvr.version || def.versions?.some((v) => v.version === gvr.version)) return def
    return undefined
  }

  /** The definition for group + kind, or undefined. */
  kind(group: string, kind: string): ResourceDefinition | undefined {
    return this.byKind.get(`${group}/${kind}`)
  }

  /** Every served version of a definition, stored version first. */
  static versionsOf(def: ResourceDefinition): string[] {
    return [def.version, ...(def.versions ?? []).map((v) => v.version)]
  }
}
