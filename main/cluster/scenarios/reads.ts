/**
 * The lessons' reads over the cluster's shared informers: an informer per
 * resource the checks ask for, made on first use (so an idle lesson list
 * costs no watch), and one change signal for all of them.
 */
import type { GroupVersionResource, KubeObject } from '../apimachinery/types'
import type { Informer } from '../client/informer'
import type { ScenarioReads } from './types'

/** Where informers come from: the cluster's SharedInformerFactory. */
export interface InformerSource {
  informerFor(gvr: GroupVersionResource): Informer<KubeObject>
}

/** Served versions of the groups lessons read, for resource keys (`deployments.apps`). */
const groupVersions: Record<string, string> = {
  '': 'v1',
  apps: 'v1',
  autoscaling: 'v2',
  'networking.k8s.io': 'v1',
  'storage.k8s.io': 'v1',
  'kubelab.dev': 'v1alpha1'
}

/** The GVR of a resource key as the contract spells it (`pods`, `deployments.apps`). */
export function gvrOfKey(key: string): GroupVersionResource {
  const dot = key.indexOf('.')
  const resource = dot < 0 ? key : key.slice(0, dot)
  const group = dot < 0 ? '' : key.slice(dot + 1)
  return { group, version: groupVersions[group] ?? 'v1', resource }
}

export const keyOfGvr = (gvr: GroupVersionResource): string => (gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource)

export interface ObservedReads extends ScenarioReads {
  /** A cached object (none until its informer listed it: callers wait on onChange). */
  get(gvr: GroupVersionResource, namespace: string | undefined, name: string): KubeObject | undefined
  /** Called after any cached object of a resource read so far changes. */
  onChange(listener: () => void): () => void
  /** Resolves once every informer read so far has listed its resource. */
  synced(): Promise<void>
}

export function informerReads(source: InformerSource): ObservedReads {
  const informers = new Map<string, Informer<KubeObject>>()
  const listeners = new Set<() => void>()
  const changed = (): void => {
    for (const l of [...listeners]) l()
  }
  const informer = (gvr: GroupVersionResource): Informer<KubeObject> => {
    const key = keyOfGvr(gvr)
    let i = informers.get(key)
    if (!i) {
      i = source.informerFor(gvr)
      informers.set(key, i)
      i.addEventHandler({ onAdd: changed, onUpdate: (a, b) => a !== b && changed(), onDelete: changed })
    }
    return i
  }
  return {
    list(resource, namespace) {
      const i = informer(gvrOfKey(resource))
      return namespace === undefined ? i.list() : i.byIndex('namespace', namespace)
    },
    get(gvr, namespace, name) {
      return informer(gvr).getByName(namespace || undefined, name)
    },
    async synced() {
      await Promise.all([...informers.values()].map((i) => i.waitForSync()))
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    }
  }
}
