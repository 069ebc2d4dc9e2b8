import type { Namespace, PersistentVolume, PersistentVolumeClaim, ReplicationController, Service } from 'kubernetes-types/core/v1'
import type { ReplicaSet, StatefulSet } from 'kubernetes-types/apps/v1'
import type { StorageClass } from 'kubernetes-types/storage/v1'
import type { GroupVersionResource } from '../../apimachinery/types'
import type { Informer } from '../../client/informer'
import type { SharedInformerFactory } from '../../client/informer-factory'
import { IndexNames } from '../../client/indexer-builtins'
import type { Listers } from '../framework/interface'

/** The resources the scheduler watches besides pods and nodes. */
export const gvrs = {
  pods: { group: '', version: 'v1', resource: 'pods' },
  nodes: { group: '', version: 'v1', resource: 'nodes' },
  pvcs: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
  pvs: { group: '', version: 'v1', resource: 'persistentvolumes' },
  storageClasses: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses' },
  services: { group: '', version: 'v1', resource: 'services' },
  namespaces: { group: '', version: 'v1', resource: 'namespaces' },
  replicationControllers: { group: '', version: 'v1', resource: 'replicationcontrollers' },
  replicaSets: { group: 'apps', version: 'v1', resource: 'replicasets' },
  statefulSets: { group: 'apps', version: 'v1', resource: 'statefulsets' }
} satisfies Record<string, GroupVersionResource>

/** The informers behind the listers; one may be missing when the cluster does not serve that kind. */
export interface ListerInformers {
/** PersistentVolumeClaims. */
  pvcs?: Informer<PersistentVolumeClaim>
/** PersistentVolumes. */
  pvs?: Informer<PersistentVolume>
/** StorageClasses. */
  storageClasses?: Informer<StorageClass>
/** Services (default spreading selector). */
  services?: Informer<Service>
/** Namespaces (affinity namespace selectors). */
  namespaces?: Informer<Namespace>
/** ReplicationControllers (default spreading selector). */
  replicationControllers?: Informer<ReplicationController>
/** ReplicaSets (default spreading selector). */
  replicaSets?: Informer<ReplicaSet>
/** StatefulSets (default spreading selector); absent while the cluster does not serve them. */
  statefulSets?: Informer<StatefulSet>
}

/** The shared informer for a resource, or undefined when the cluster does not serve it. */
export function optionalInformer<T>(factory: SharedInformerFactory, gvr: GroupVersionResource): Informer<T & { metadata?: object }> | undefined {
  try {
    return factory.informerFor(gvr) as unknown as Informer<T & { metadata?: object }>
  } catch {
    return undefined
  }
}

/** Creates (or shares) the informers the listers read. */
export function listerInformers(factory: SharedInformerFactory): ListerInformers {
  return {
    pvcs: optionalInformer<PersistentVolumeClaim>(factory, gvrs.pvcs),
    pvs: optionalInformer<PersistentVolume>(factory, gvrs.pvs),
    storageClasses: optionalInformer<StorageClass>(factory, gvrs.storageClasses),
    services: optionalInformer<Service>(factory, gvrs.services),
    namespaces: optionalInformer<Namespace>(factory, gvrs.namespaces),
    replicationControllers: optionalInformer<ReplicationController>(factory, gvrs.replicationControllers),
    replicaSets: optionalInformer<ReplicaSet>(factory, gvrs.replicaSets),
    statefulSets: optionalInformer<StatefulSet>(factory, gvrs.statefulSets)
  }
}

/** Listers reading the informers' caches (never the API). */
export function informerListers(i: ListerInformers): Listers {
  return {
    persistentVolumeClaim: (ns, name) => i.pvcs?.getByName(ns, name),
    persistentVolume: (name) => i.pvs?.getByName(undefined, name),
    persistentVolumes: () => i.pvs?.list() ?? [],
    storageClass: (name) => i.storageClasses?.getByName(undefined, name),
    services: (ns) => i.services?.byIndex(IndexNames.namespace, ns) ?? [],
    replicaSet: (ns, name) => i.replicaSets?.getByName(ns, name),
    replicationController: (ns, name) => i.replicationControllers?.getByName(ns, name),
    statefulSet: (ns, name) => i.statefulSets?.getByName(ns, name),
    namespace: (name) => i.namespaces?.getByName(undefined, name),
    namespaces: () => i.namespaces?.list() ?? []
  }
}
