import type { Binding, Namespace } from 'kubernetes-types/core/v1'
import type { KubeObject, KubeList, GroupVersionResource } from '../apimachinery/types'

/**
 * The in-process client: what every component (scheduler, controllers,
 * kubelets, kube-proxy) uses to reach the API. It runs the same registry
 * pipeline as the HTTP API, with the same errors (StatusError), so a component
 * behaves the same whether it talks in-process or over HTTPS.
 */

export interface ListOptions {
  /** Label selector in Kubernetes string form: `app=web,tier in (fe,be)`. */
  labelSelector?: string
  /** Field selector: `spec.nodeName=node-1,status.phase!=Running`. */
  fieldSelector?: string
  /** Page size; 0 or undefined lists everything. */
  limit?: number
  /** Continue token from the previous page. */
  continue?: string
}

export interface WatchOptions {
  labelSelector?: string
  fieldSelector?: string
  /** Start after this resourceVersion; undefined or '' starts with synthetic ADDED events for the current state. '0' likewise. */
  resourceVersion?: string
  /** Send a BOOKMARK event every so often carrying the latest resourceVersion. */
  allowWatchBookmarks?: boolean
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR'

export interface WatchEvent<T = KubeObject> {
  type: WatchEventType
  /** The object; for ERROR, a Status object (e.g. 410 Expired). */
  object: T
}

export interface WriteOptions {
  /** `All` validates and returns the result without storing it. */
  dryRun?: 'All'
  fieldManager?: string
}

export interface DeleteOptions extends WriteOptions {
  /** Seconds before the object is removed (pods); 0 deletes immediately. */
  gracePeriodSeconds?: number
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan'
  preconditions?: { resourceVersion?: string; uid?: string }
}

export interface Watcher {
  /** Stops the watch; no event is delivered after it returns. */
  stop(): void
}

/** Verbs on one resource collection. Namespace is ignored for cluster-scoped kinds; undefined lists across all namespaces. */
export interface ResourceClient<T = KubeObject> {
  get(namespace: string | undefined, name: string): Promise<T>
  list(namespace?: string, options?: ListOptions): Promise<KubeList<T>>
  create(object: T, options?: WriteOptions): Promise<T>
  /** Replaces the object; its metadata.resourceVersion, when set, is a precondition (409 Conflict when stale). */
  update(object: T, options?: WriteOptions): Promise<T>
  /** Writes only the status (status subresource). */
  updateStatus(object: T, options?: WriteOptions): Promise<T>
  /** Returns the deleted object, or the object marked for deletion (finalizers, graceful deletion). */
  delete(namespace: string | undefined, name: string, options?: DeleteOptions): Promise<T>
  /** Streams changes; events arrive in resourceVersion order. */
  watch(namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent<T>) => void): Watcher
}

export interface Client {
  /** pods/binding: assigns a pending pod to a node, once (the scheduler's write). 409 Conflict if it is already bound. */
  bind(binding: Binding): Promise<void>
  /**
   * namespaces/finalize: replaces a namespace's spec.finalizers (the namespace
   * controller's write once a Terminating namespace is empty). A Terminating
   * namespace left without finalizers is removed. metadata.resourceVersion,
   * when set, is a precondition. Resolves with the namespace as stored, or as removed.
   */
  finalizeNamespace(namespace: Namespace): Promise<Namespace>
  /** The client for one resource collection, e.g. `{ group: 'apps', version: 'v1', resource: 'deployments' }`. */
  resource<T = KubeObject>(gvr: GroupVersionResource): ResourceClient<T>
}
