import type { KubeObject } from '../apimachinery/types'

/**
 * The storage layer: Kubelab's etcd. Keys are registry keys
 * (`/registry/<resource>[.<group>]/<namespace>/<name>` or, for cluster-scoped
 * kinds, `/registry/<resource>[.<group>]/<name>`). One cluster-wide revision
 * counter orders every change; each stored object's metadata.resourceVersion
 * is the revision of its last write.
 *
 * Objects handed out by the store are deep-frozen and shared: callers clone
 * (structuredClone) before changing them.
 */

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED'

/** One change, as a watch delivers it. */
export interface StoreEvent {
  type: StoreEventType
  key: string
  /** The revision of this change. */
  revision: number
  /** The object after the change; for DELETED, the last state with resourceVersion set to the deletion's revision. */
  object: KubeObject
  /** The object before the change (MODIFIED and DELETED). */
  prevObject?: KubeObject
}

export interface ListResult {
  items: KubeObject[]
  /** The store revision this list reflects. */
  revision: number
}

export interface Preconditions {
  /** The write only succeeds if the stored object's resourceVersion equals this. */
  resourceVersion?: string
  /** The write only succeeds if the stored object's uid equals this. */
  uid?: string
}

export interface Watch {
  /** Stops delivery; idempotent. */
  stop(): void
}

export interface WatchOptions {
  /**
   * Deliver every change after this revision (replayed from history, then
   * live). Undefined: only changes after the current revision. A revision older
   * than the kept history throws StorageError('Expired').
   */
  fromRevision?: number
}

/** Storage-level failures; the registry turns them into Kubernetes Status errors. */
export type StorageErrorCode = 'KeyExists' | 'KeyNotFound' | 'Conflict' | 'Expired' | 'Closed'

export class StorageError extends Error {
  constructor(
    readonly code: StorageErrorCode,
    readonly key: string,
    message: string,
    /** For Expired: the oldest revision still replayable. */
    readonly oldestRevision?: number
  ) {
    super(message)
    this.name = 'StorageError'
  }
}

export interface Store {
  /** The latest revision handed out (every write increments it by one). */
  readonly revision: number
  /** The stored object at key, or undefined. Served from memory. */
  get(key: string): KubeObject | undefined
  /** Every object whose key starts with prefix, in key order, and the revision they reflect. Served from memory. */
  list(prefix: string): ListResult
  /** How many objects have keys starting with prefix. */
  count(prefix: string): number
  /** Stores a new object; KeyExists if the key is taken. Resolves once the write is durable (acknowledged). */
  create(key: string, object: KubeObject): Promise<KubeObject>
  /** Replaces the object at key; KeyNotFound if absent, Conflict if a precondition fails. */
  update(key: string, object: KubeObject, preconditions?: Preconditions): Promise<KubeObject>
  /** Removes the object at key; KeyNotFound if absent, Conflict if a precondition fails. Resolves with the removed object. */
  delete(key: string, preconditions?: Preconditions): Promise<KubeObject>
  /** Delivers every change to keys under prefix, in revision order, never skipping one. */
  watch(prefix: string, options: WatchOptions, onEvent: (event: StoreEvent) => void): Watch
  /** The oldest revision a watch can still start from. */
  readonly oldestWatchableRevision: number
  /** Flushes pending writes, compacts the data files and releases them. */
  close(): Promise<void>
}
