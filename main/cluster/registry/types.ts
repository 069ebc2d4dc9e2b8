import type { KubeObject } from '../apimachinery/types'
import type { FieldError } from '../apimachinery/field-errors'

/**
 * What one kind contributes to the API: its names, scope, defaults,
 * validation and strategy. One file per kind under main/cluster/registry/kinds/
 * exports one ResourceDefinition; the generic pipeline (registry/pipeline.ts)
 * runs them in Kubernetes' order: defaults -> prepareForCreate/Update ->
 * validate/validateUpdate -> store.
 */
export interface ResourceDefinition<T = KubeObject> {
  /** API group; '' for the core group. */
  group: string
  /** The version objects are stored in (and served in, unless `versions` adds more). */
  version: string
  /** Other served versions, with conversions to and from the stored version. */
  versions?: VersionConversion[]
  kind: string
  /** Lower-case plural, as in URLs: `pods`. */
  plural: string
  /** Lower-case singular: `pod`. */
  singular: string
  /** As kubectl knows them: `po`. */
  shortNames: string[]
  /** Discovery categories, e.g. ['all']. */
  categories: string[]
  namespaced: boolean
  /** Whether the kind has a status subresource (spec writes ignore status, status writes ignore the rest). */
  hasStatus: boolean
  /** Scale subresource: where the replica counts and selector live. */
  scale?: ScaleSubresource
  /** Whether metadata.generation is set to 1 on create and bumped on spec changes (workloads, HPA, NetworkPolicy; not pods or services). */
  tracksGeneration?: boolean
  /**
   * Called when a delete would remove the object: returns the object to store
   * instead (e.g. a Namespace moves to Terminating while spec.finalizers remain),
   * or undefined to remove it. Runs after deletionTimestamp is set on the copy.
   */
  finalizeOnDelete?(obj: T): T | undefined
  /** Server-side table columns, as `kubectl get` shows them; the apiserver's default (Name, Created At) when absent. */
  tableColumns?: TableColumn<T>[]
  /**
   * Whether an update that leaves a marked object (deletionTimestamp) without
   * metadata.finalizers removes it; default yes. A Namespace also waits for
   * its spec.finalizers (the namespace controller empties them).
   */
  shouldDeleteDuringUpdate?(obj: T): boolean
  /** Verbs served for the main resource; most kinds serve all of them. The API front answers others with 405. */
  verbs?: string[]
  /**
   * A create-only kind (as SubjectAccessReview): a create runs defaults and
   * validation, then the answerer registered for it (Resources.answerCreates)
   * fills in the response; nothing is stored. Declare verbs: ['create'].
   */
  createOnly?: boolean
  /**
   * A kind computed on every read (as ComponentStatus): get and list ask the
   * reader registered for it (Resources.answerReads); nothing is stored.
   * Declare verbs: ['get', 'list'].
   */
  computed?: boolean
  /** The Warning every request for a deprecated kind gets (`v1 ComponentStatus is deprecated in v1.19+`). */
  deprecationWarning?: string
  /**
   * Where a write may keep the caller's frozen values as they are instead of
   * copying them (write-copy.ts): subtrees that this kind's defaults,
   * strategy and admission never change. A controller writing a thousand
   * frozen addresses (kept between its syncs) then has them stored as they
   * are, shared from one version to the next, rather than copied twice.
   */
  keepsFrozen?: FrozenFields
  /**
   * Sets defaulted fields, as the generated SetDefaults_<Kind> functions do.
   * Mutates obj. Runs on every create and update, before validation.
   */
  defaults(obj: T): void
  /**
   * Normalises a new object (e.g. clears status, sets initial phase). Mutates
   * obj. `requester` is who sent the create (a CSR records it), undefined for
   * the in-process client.
   */
  prepareForCreate?(obj: T, requester?: Requester): void
  /** Normalises an update of the main resource. Mutates obj; old is read-only. */
  prepareForUpdate?(obj: T, old: T): void
  /**
   * Normalises a status update (status subresource) after the generic merge,
   * which keeps the stored spec and takes the new status and metadata. E.g. a
   * Deployment's status write keeps its stored labels. `now` is the cluster
   * time (RFC 3339), for timestamps the server fills in.
   */
  prepareForStatusUpdate?(obj: T, old: T, now: string): void
  /** Validates a new object; returns every problem found (empty when valid). Never mutates. */
  validate(obj: T): FieldError[]
  /**
   * The Warning headers a create (`old` undefined) or an update of the main
   * resource answers with, as the strategies' WarningsOnCreate and
   * WarningsOnUpdate: problems that do not make the object invalid. Given the
   * stored result. Never mutates.
   */
  warnings?(obj: T, old?: T): string[]
  /** Validates an update: everything validate checks plus immutable fields. Never mutates. */
  validateUpdate?(obj: T, old: T): FieldError[]
  /** Validates a status update (status subresource). */
  validateStatusUpdate?(obj: T, old: T): FieldError[]
  /**
   * Subresources beyond status through which an update changes one part of
   * the object (pods/ephemeralcontainers), each with its own strategy; served
   * for get, update and patch.
   */
  updateSubresources?: Record<string, SubresourceStrategy<T>>
  /** Whether the object is being deleted gracefully (pods with a node): returns the grace period in seconds, or 0 to delete now. */
  gracefulDeleteSeconds?(obj: T, requested: number | undefined): number
  /** Fields this kind supports in field selectors, beyond metadata.name and metadata.namespace. */
  selectableFields?(obj: T): Record<string, string>
}

/**
 * An update subresource's strategy: merge is its PrepareForUpdate (what of
 * the request is taken onto the stored object; incoming is defaulted, old is
 * read-only), validate its ValidateUpdate.
 */
export interface SubresourceStrategy<T = KubeObject> {
  /** `now` is the cluster time (RFC 3339), for timestamps the server fills in. */
  merge(incoming: T, old: T, now: string): T
  validate(obj: T, old: T): FieldError[]
}

/**
 * A path pattern into an object: `true` where a frozen value may be kept
 * (with, below a list or an unfrozen value, each frozen element or field
 * kept too); an object names the fields to look into. Lists are looked
 * through: the pattern applies to each of their elements.
 */
export type FrozenShares = true | FrozenFields
export interface FrozenFields {
  readonly [field: string]: FrozenShares
}

export interface VersionConversion {
  /** The served version, e.g. 'v1' for autoscaling/v1. */
  version: string
  /** Converts an object in this version to the stored version. */
  toStored(obj: KubeObject): KubeObject
  /** Converts a stored object to this version. */
  fromStored(obj: KubeObject): KubeObject
}

export interface ScaleSubresource {
  /** JSON path of desired replicas, e.g. '.spec.replicas'. */
  specReplicasPath: string
  /** JSON path of observed replicas, e.g. '.status.replicas'. */
  statusReplicasPath: string
  /** Where the label selector lives, for Scale.status.selector. */
  labelSelectorPath?: string
}

/** One column of a kind's server-side Table (meta.k8s.io TableColumnDefinition plus how to compute its cell). */
export interface TableColumn<T = KubeObject> {
  name: string
  /** OpenAPI type: string, integer, number, boolean, date. */
  type: string
  /** OpenAPI format, e.g. 'name' for the Name column. */
  format?: string
  description: string
  /** 0: always shown; 1: only with `-o wide`. */
  priority: number
  /** The cell for one object, pre-formatted as Kubernetes does (ages, `<none>`); `now` is cluster time in ms. */
  cell(obj: T, now: number): string | number | boolean
}

/** What a write hook reserved for one write: committed once the store took the write, reverted when it did not. */
export interface WriteReservation {
  commit(): void
  revert(): void
}

/**
 * Side effects of a kind's writes that live outside the object, e.g. the
 * Service REST's ClusterIP and NodePort allocation. The hooks run after
 * validation, right before the store write (and on dry runs, reverted at
 * once); they may fill fields of obj and throw Status errors.
 */
export interface WriteHooks<T = KubeObject> {
  beforeCreate?(obj: T): WriteReservation | undefined
  /** Not run for status updates. */
  beforeUpdate?(obj: T, old: T): WriteReservation | undefined
  /** After the object left the store. */
  afterDelete?(old: T): void
}

/**
 * Answers a create of a create-only kind: gets the defaulted, validated
 * object and returns it with its status filled in. Declared here so the
 * registry never imports what answers (e.g. the network model's trace engine).
 */
export type CreateAnswerer<T = KubeObject> = (obj: T, requester: Requester | undefined) => T | Promise<T>

/** Computes the objects of a computed kind (see ResourceDefinition.computed), in the stored version. */
export type ReadAnswerer = () => KubeObject[]

/**
 * Who sent a request, as Kubernetes' user.Info names it: what the reviews
 * (SelfSubjectReview, SelfSubjectAccessReview) answer about. Undefined for
 * the in-process client (the apiserver's own loopback identity).
 */
export interface Requester {
  username: string
  groups: string[]
  uid?: string
  extra?: Record<string, string[]>
}

/**
 * A mutating admission plugin on creates (e.g. ServiceAccount on pods). Runs
 * after the namespace check and after the request's fields were recorded in
 * managedFields (so what it adds is owned by no manager, as in the
 * apiserver), before validation; may mutate obj and throw Status errors.
 * `name` is the name the request asked for ('' for a generateName create).
 */
export interface CreateAdmission<T = KubeObject> {
  admitCreate(obj: T, name: string): void | Promise<void>
}
