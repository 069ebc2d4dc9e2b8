import type { KubeObject, KubeList } from '../apimachinery/types'
import { apiVersionOf } from '../apimachinery/types'
import * as errors from '../apimachinery/errors'
import type { Clock } from '../clock/types'
import { rfc3339 } from '../clock/format'
import { StorageError, type Store, type StoreEvent } from '../storage/types'
import type { DeleteOptions, ListOptions, WatchEvent, WatchOptions, Watcher, WriteOptions } from '../client/types'
import type { CreateAdmission, CreateAnswerer, ReadAnswerer, Requester, ResourceDefinition, WriteHooks, WriteReservation } from './types'
import { listPrefix, objectKey } from './keys'
import { fillCreateMetadata, generateName } from './metadata'
import { compileSelection, type ObjectPredicate } from './selection'
import { fromStored, toStored } from './versioning'
import { checkJSONTypes } from './schema/type-check'
import { decodeContinue, encodeContinue } from './continue-token'
import { trackCreate, trackUpdate, type FieldManagement } from './managed-fields'
import { sameObject } from './object-compare'
import { deepCopy } from '../apimachinery/deep-copy'
import { copyWrite, statusWriteCopy } from './write-copy'
import { updateStrategy } from './update-merge'

/** Checks that objects may be created in a namespace (the NamespaceLifecycle admission plugin). */
export interface NamespaceGate {
  /** Throws the Status error the apiserver answers when the namespace is missing or terminating. */
  admitCreate(namespace: string, def: ResourceDefinition, name: string): void
  /** Throws when an object may not be deleted (e.g. the `default` namespace). */
  admitDelete(def: ResourceDefinition, name: string): void
}

/** How many times a generated name is redrawn before giving up, as the apiserver retries. */
const generateNameAttempts = 8

/**
 * The generic pipeline every kind goes through (as the apiserver's
 * genericregistry.Store): defaults, strategy, validation, admission, storage,
 * and the mapping of storage errors to Kubernetes Status errors. The in-process
 * client and the HTTP API both sit on top of it, so both answer alike.
 *
 * Objects come in and go out in `version`; they are stored in the definition's
 * storage version.
 */
export class ResourceStore {
  private readonly gr: errors.GroupResource
  private readonly gk: errors.GroupKind

  constructor(
    readonly def: ResourceDefinition,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly namespaces: NamespaceGate,
    private readonly hooks: WriteHooks = {}
  ) {
    this.gr = { group: def.group, resource: def.plural }
    this.gk = { group: def.group, kind: def.kind }
  }

  /** One object, or 404 NotFound. */
  get(namespace: string | undefined, name: string, version = this.def.version): KubeObject {
    const obj = this.def.computed ? this.computedItems().find((o) => o.metadata.name === name) : this.store.get(objectKey(this.def, namespace, name))
    if (!obj) throw errors.notFound(this.gr, name)
    return fromStored(this.def, version, obj)
  }

  /** A list with label/field selection and limit/continue paging, at the store's current revision. */
  list(namespace: string | undefined, options: ListOptions = {}, version = this.def.version): KubeList {
    const select = compileSelection(this.def, options.labelSelector, options.fieldSelector)
    if (this.def.computed) return this.computedList(select, version)
    const prefix = listPrefix(this.def, namespace)
    const { items, revision } = this.store.list(prefix)
    let start = 0
    if (options.continue) {
      const token = decodeContinue(options.continue)
      start = lowerBound(items, token.key, prefix, this.def)
    }
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity
    const out: KubeObject[] = []
    let i = start
    for (; i < items.length && out.length < limit; i++) {
      const item = items[i]
      if (!select || select(item)) out.push(fromStored(this.def, version, item))
    }
    const metadata: KubeList['metadata'] = { resourceVersion: String(revision) }
    if (i < items.length && out.length >= limit) {
      // More may match: hand back where to continue. The count is an upper bound when selecting.
      const last = out[out.length - 1]
      metadata.continue = encodeContinue({ key: objectKey(this.def, last.metadata.namespace, last.metadata.name ?? ''), rv: revision })
      if (!select) metadata.remainingItemCount = items.length - i
    }
    return { apiVersion: apiVersionOf(this.def.group, version), kind: `${this.def.kind}List`, metadata, items: out }
  }

  /** What computes a computed kind's objects (see ResourceDefinition.computed). */
  reader?: ReadAnswerer

  private computedItems(): KubeObject[] {
    if (!this.reader) throw errors.serviceUnavailable(`the server is currently unable to handle the request (get ${this.def.plural}${this.def.group ? `.${this.def.group}` : ''})`)
    return this.reader()
  }

  /** A computed kind's list: every object the reader computes, selected; no resourceVersion, nothing to page. */
  private computedList(select: ((obj: KubeObject) => boolean) | undefined, version: string): KubeList {
    const items = this.computedItems().filter((o) => !select || select(o)).map((o) => fromStored(this.def, version, o))
    return { apiVersion: apiVersionOf(this.def.group, version), kind: `${this.def.kind}List`, metadata: {}, items }
  }

  /**
   * A copy of a written object whose JSON types match the schema of its
   * version (400 otherwise, never a crash in validation). A status write
   * keeps the stored spec whatever it sends, so what it sends besides
   * metadata and status is only checked, and shared when it is a stored
   * (frozen) value; stored managedFields are shared too, as they are
   * replaced, never edited in place. Shared stored subtrees then stay shared
   * in the version storage writes.
   */
  private checkedCopy(input: KubeObject, version: string, subresource?: string): KubeObject {
    // A converted version is rewritten by its conversion: all of it is the pipeline's own.
    const copy =
      version !== this.def.version ? deepCopy(input) : subresource === 'status' ? statusWriteCopy(input, !this.def.prepareForStatusUpdate) : copyWrite(input, this.def.keepsFrozen)
    const error = checkJSONTypes({ group: this.def.group, version, kind: this.def.kind }, copy as unknown as Record<string, unknown>)
    if (error) throw error
    return copy
  }

  /** Creates an object in `namespace` (taken from the object when undefined). */
  async create(
    namespace: string | undefined,
    input: KubeObject,
    options: WriteOptions & FieldManagement & { requester?: Requester } = {},
    version = this.def.version
  ): Promise<KubeObject> {
    const obj = toStored(this.def, version, this.checkedCopy(input, version))
    obj.metadata ??= {}
    this.applyRequestNamespace(obj, namespace)
    if (obj.metadata.resourceVersion) throw errors.badRequest('resourceVersion should not be set on objects to be created')
    this.def.defaults(obj)
    this.def.prepareForCreate?.(obj, options.requester)
    fillCreateMetadata(obj.metadata, this.clock.rfc3339())
    if (this.def.tracksGeneration) obj.metadata.generation = 1
    const wantsGeneratedName = !obj.metadata.name && !!obj.metadata.generateName
    if (wantsGeneratedName) obj.metadata.name = generateName(obj.metadata.generateName!)
    trackCreate(this.def, version, obj, options, this.clock.rfc3339())
    // Mutating admission, as the apiserver runs it before validation: NamespaceLifecycle, then the kind's plugins.
    if (this.def.namespaced && !this.def.createOnly) this.namespaces.admitCreate(obj.metadata.namespace!, this.def, obj.metadata.name ?? '')
    if (this.admission) await this.admission.admitCreate(obj, wantsGeneratedName ? '' : obj.metadata.name!)
    const problems = this.def.validate(obj)
    if (problems.length) throw errors.invalid(this.gk, obj.metadata.name ?? '', problems)
    if (this.def.createOnly) return this.answerCreate(obj, version, options.requester)
    const reservation = this.hooks.beforeCreate?.(obj)
    if (options.dryRun === 'All') {
      reservation?.revert()
      return fromStored(this.def, version, obj)
    }
    for (let attempt = 0; ; attempt++) {
      try {
        const stored = await this.store.create(objectKey(this.def, obj.metadata.namespace, obj.metadata.name!), obj)
        reservation?.commit()
        return fromStored(this.def, version, stored)
      } catch (e) {
        if (wantsGeneratedName && e instanceof StorageError && e.code === 'KeyExists' && attempt < generateNameAttempts) {
          obj.metadata.name = generateName(obj.metadata.generateName!)
          continue
        }
        reservation?.revert()
        throw this.storageError(e, obj.metadata.name!)
      }
    }
  }

  /** What answers creates of a create-only kind (see ResourceDefinition.createOnly). */
  answerer?: CreateAnswerer
  /** The kind's mutating admission on creates (e.g. ServiceAccount for pods), when enabled. */
  admission?: CreateAdmission

  /** A create-only kind's answer: the answerer fills the object in; nothing is stored. */
  private async answerCreate(obj: KubeObject, version: string, requester: Requester | undefined): Promise<KubeObject> {
    if (!this.answerer) throw errors.serviceUnavailable(`the server is currently unable to handle the request (post ${this.def.plural}.${this.def.group})`)
    return fromStored(this.def, version, await this.answerer(obj, requester))
  }

  /**
   * Replaces an object (or, through a subresource such as 'status', only the
   * part that subresource's strategy takes: updateStrategy). A
   * resourceVersion on the input is a precondition: 409 Conflict when stale.
   */
  async update(
    namespace: string | undefined,
    input: KubeObject,
    options: WriteOptions & FieldManagement = {},
    version = this.def.version
  ): Promise<KubeObject> {
    const incoming = toStored(this.def, version, this.checkedCopy(input, version, options.subresource))
    incoming.metadata ??= {}
    this.applyRequestNamespace(incoming, namespace)
    const name = incoming.metadata.name ?? ''
    const key = objectKey(this.def, incoming.metadata.namespace, name)
    const old = this.store.get(key)
    if (!old) throw errors.notFound(this.gr, name)
    const expected = incoming.metadata.resourceVersion
    if (expected && expected !== old.metadata.resourceVersion) throw errors.conflict(this.gr, name)

    const strategy = updateStrategy(this.def, options.subresource, this.clock.rfc3339())
    if (!strategy) throw errors.notFound(this.gr, name)
    const obj = strategy.merge(old, incoming)
    trackUpdate(this.def, version, old, obj, options, this.clock.rfc3339())
    const problems = strategy.validate(obj, old)
    if (problems.length) throw errors.invalid(this.gk, name, problems)

    if (sameObject(obj, old)) return fromStored(this.def, version, old)
    const reservation: WriteReservation | undefined = strategy.runsHooks ? this.hooks.beforeUpdate?.(obj, old) : undefined
    if (options.dryRun === 'All') {
      reservation?.revert()
      return fromStored(this.def, version, obj)
    }
    // An object marked for deletion goes once its last finalizer is removed.
    if (obj.metadata.deletionTimestamp && !obj.metadata.finalizers?.length && obj.metadata.deletionGracePeriodSeconds === 0 && (this.def.shouldDeleteDuringUpdate?.(obj) ?? true)) {
      reservation?.revert()
      return this.remove(key, name, { resourceVersion: old.metadata.resourceVersion }, version)
    }
    try {
      const stored = await this.store.update(key, obj, { resourceVersion: old.metadata.resourceVersion })
      reservation?.commit()
      return fromStored(this.def, version, stored)
    } catch (e) {
      reservation?.revert()
      throw this.storageError(e, name)
    }
  }

  /**
   * Deletes an object: removed at once, or marked with deletionTimestamp when
   * finalizers remain, a grace period applies (pods on a node) or the kind
   * finalizes itself (namespaces). Resolves with the removed or marked object.
   */
  async delete(namespace: string | undefined, name: string, options: DeleteOptions = {}, version = this.def.version): Promise<KubeObject> {
    const key = objectKey(this.def, namespace, name)
    const old = this.store.get(key)
    if (!old) throw errors.notFound(this.gr, name)
    this.namespaces.admitDelete(this.def, name)
    const pre = options.preconditions ?? {}
    if (pre.uid && pre.uid !== old.metadata.uid) {
      throw errors.conflict(this.gr, name, `Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${old.metadata.uid}`)
    }
    if (pre.resourceVersion && pre.resourceVersion !== old.metadata.resourceVersion) {
      throw errors.conflict(
        this.gr,
        name,
        `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${old.metadata.resourceVersion}). The object might have been modified`
      )
    }
    const obj = deepCopy(old) as KubeObject
    const finalizers = new Set(obj.metadata.finalizers ?? [])
    if (options.propagationPolicy === 'Foreground') finalizers.add('foregroundDeletion')
    if (options.propagationPolicy === 'Orphan') finalizers.add('orphan')
    const grace = this.def.gracefulDeleteSeconds ? this.def.gracefulDeleteSeconds(obj, options.gracePeriodSeconds) : 0
    const now = this.clock.now()

    const deadline = now + grace * 1000
    const current = obj.metadata.deletionTimestamp ? Date.parse(obj.metadata.deletionTimestamp) : Infinity
    // A second delete may shorten the grace period, never lengthen it.
    if (deadline < current) {
      obj.metadata.deletionTimestamp = rfc3339(deadline)
      obj.metadata.deletionGracePeriodSeconds = grace
    }
    if (finalizers.size) obj.metadata.finalizers = [...finalizers]
    let kept: KubeObject | undefined = grace > 0 || finalizers.size > 0 ? obj : undefined
    if (this.def.finalizeOnDelete) kept = this.def.finalizeOnDelete(obj) ?? kept
    if (kept) {
      if (options.dryRun === 'All') return fromStored(this.def, version, kept)
      if (sameObject(kept, old)) return fromStored(this.def, version, old)
      try {
        return fromStored(this.def, version, await this.store.update(key, kept, { resourceVersion: old.metadata.resourceVersion }))
      } catch (e) {
        throw this.storageError(e, name)
      }
    }
    if (options.dryRun === 'All') return fromStored(this.def, version, old)
    return this.remove(key, name, { resourceVersion: old.metadata.resourceVersion }, version)
  }

  /**
   * Read-modify-write of one stored object for trusted subresources (binding,
   * eviction): mutate gets a private copy; the write is compare-and-swap and is
   * retried on conflict, as the apiserver's GuaranteedUpdate. No strategy
   * validation runs: the caller validates what it changes. `copy` makes the
   * private copy of the stored (frozen) object: a deep one by default; a
   * caller changing a few known fields may copy just those and share the
   * rest, which storage then keeps shared.
   */
  async guaranteedUpdate(namespace: string | undefined, name: string, mutate: (obj: KubeObject) => KubeObject, attempts = 5, copy: (stored: KubeObject) => KubeObject = deepCopy): Promise<KubeObject> {
    const key = objectKey(this.def, namespace, name)
    for (let attempt = 1; ; attempt++) {
      const old = this.store.get(key)
      if (!old) throw errors.notFound(this.gr, name)
      const next = mutate(copy(old))
      if (sameObject(next, old)) return old
      try {
        return await this.store.update(key, next, { resourceVersion: old.metadata.resourceVersion })
      } catch (e) {
        if (e instanceof StorageError && e.code === 'Conflict' && attempt < attempts) continue
        throw this.storageError(e, name)
      }
    }
  }

  /**
   * Streams changes. Without a resourceVersion (or with '0') the current state
   * comes first as synthetic ADDED events. Objects entering or leaving the
   * selection arrive as ADDED and DELETED, as the apiserver's watch cache sends them.
   */
  watch(namespace: string | undefined, options: WatchOptions, onEvent: (event: WatchEvent) => void, version = this.def.version): Watcher {
    const select = compileSelection(this.def, options.labelSelector, options.fieldSelector)
    const prefix = listPrefix(this.def, namespace)
    const matches = (o: KubeObject | undefined): boolean => !!o && (!select || select(o))
    const out = (type: WatchEvent['type'], o: KubeObject): void => onEvent({ type, object: fromStored(this.def, version, o) })
    let fromRevision: number
    const rv = options.resourceVersion
    if (!rv || rv === '0') {
      const { items, revision } = this.store.list(prefix)
      for (const item of items) if (matches(item)) out('ADDED', item)
      fromRevision = revision
    } else {
      fromRevision = Number(rv)
      if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) throw errors.badRequest(`invalid resource version: ${rv}`)
    }
    const handle = (ev: StoreEvent): void => {
      const now = matches(ev.object)
      const before = ev.type === 'MODIFIED' ? matches(ev.prevObject) : now
      if (ev.type === 'ADDED' && now) out('ADDED', ev.object)
      else if (ev.type === 'DELETED' && before) out('DELETED', ev.object)
      else if (ev.type === 'MODIFIED') {
        if (now && before) out('MODIFIED', ev.object)
        else if (now) out('ADDED', ev.object)
        else if (before) out('DELETED', ev.object)
      }
    }
    try {
      return this.store.watch(prefix, { fromRevision }, handle)
    } catch (e) {
      if (e instanceof StorageError && e.code === 'Expired') throw errors.resourceVersionTooOld(fromRevision, e.oldestRevision ?? 0)
      throw e
    }
  }

  private async remove(key: string, name: string, pre: { resourceVersion?: string }, version: string): Promise<KubeObject> {
    try {
      const removed = await this.store.delete(key, pre)
      this.hooks.afterDelete?.(removed)
      return fromStored(this.def, version, removed)
    } catch (e) {
      throw this.storageError(e, name)
    }
  }

  /** The namespace of the URL wins; a different one in the body is an error, as in the apiserver. */
  private applyRequestNamespace(obj: KubeObject, namespace: string | undefined): void {
    if (!this.def.namespaced) {
      delete obj.metadata.namespace
      return
    }
    if (namespace && obj.metadata.namespace && obj.metadata.namespace !== namespace) {
      throw errors.badRequest('the namespace of the provided object does not match the namespace sent on the request')
    }
    obj.metadata.namespace = obj.metadata.namespace || namespace || 'default'
  }

  private storageError(e: unknown, name: string): unknown {
    if (!(e instanceof StorageError)) return e
    switch (e.code) {
      case 'KeyExists':
        return errors.alreadyExists(this.gr, name)
      case 'KeyNotFound':
        return errors.notFound(this.gr, name)
      case 'Conflict':
        return errors.conflict(this.gr, name)
      case 'Expired':
        return errors.expired(e.message)
      default:
        return errors.internalError(e.message)
    }
  }
}

/** Index of the first item whose key sorts after `key` (items are in key order). */
function lowerBound(items: KubeObject[], key: string, _prefix: string, def: ResourceDefinition): number {
  let lo = 0
  let hi = items.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const k = objectKey(def, items[mid].metadata.namespace, items[mid].metadata.name ?? '')
    if (k <= key) lo = mid + 1
    else hi = mid
  }
  return lo
}

export type { ObjectPredicate }
