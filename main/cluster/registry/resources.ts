import type { GroupVersionResource } from '../apimachinery/types'
import type { Clock } from '../clock/types'
import type { Store } from '../storage/types'
import { NamespaceLifecycle } from './namespace-lifecycle'
import { Registry } from './registry'
import { ResourceStore } from './resource-store'

/**
 * Every served resource's pipeline over one store: what the in-process client
 * and the HTTP API both call.
 */
export class Resources {
  private readonly stores = new Map<string, ResourceStore>()

  constructor(
    readonly registry: Registry,
    readonly store: Store,
    readonly clock: Clock
  ) {
    const gate = new NamespaceLifecycle(store)
    for (const def of registry.definitions) this.stores.set(`${def.group}/${def.plural}`, new ResourceStore(def, store, clock, gate))
  }

  /** The pipeline for group + plural, or undefined when not served. */
  forResource(group: string, plural: string): ResourceStore | undefined {
    return this.stores.get(`${group}/${plural}`)
  }

  /** The pipeline for a group-version-resource; undefined when that version is not served. */
  forGVR(gvr: GroupVersionResource): ResourceStore | undefined {
    return this.registry.gvr(gvr) ? this.forResource(gvr.group, gvr.resource) : undefined
  }
}
