import { randomInt, randomUUID } from 'node:crypto'
import type { ObjectMetadata as ObjectMeta } from '../apimachinery/types'

/**
 * Object metadata the server owns, set as the apiserver's rest.FillObjectMetaSystemFields
 * and names.SimpleNameGenerator do.
 */

/** The alphabet Kubernetes draws generated-name suffixes from (no vowels, no look-alikes). */
const suffixAlphabet = 'bcdfghjklmnpqrstvwxz2456789'
/** generateName prefixes are cut so that prefix + suffix fits a 63-character name. */
const maxGeneratedNameLength = 63
const randomLength = 5

/** `web-` -> `web-x7k2p`. */
export function generateName(base: string): string {
  const prefix = base.length > maxGeneratedNameLength - randomLength ? base.slice(0, maxGeneratedNameLength - randomLength) : base
  let suffix = ''
  for (let i = 0; i < randomLength; i++) suffix += suffixAlphabet[randomInt(suffixAlphabet.length)]
  return prefix + suffix
}

/** Sets uid and creationTimestamp and clears what a client may not set on create. */
export function fillCreateMetadata(meta: ObjectMeta, now: string): void {
  meta.uid = randomUUID()
  meta.creationTimestamp = now
  delete meta.deletionTimestamp
  delete meta.deletionGracePeriodSeconds
  delete meta.resourceVersion
  delete meta.selfLink
  omitEmptyCollections(meta)
}

/** Keeps the server-owned fields of the stored object on update: clients cannot change them. */
export function keepSystemMetadata(meta: ObjectMeta, old: ObjectMeta): void {
  meta.uid = old.uid
  meta.creationTimestamp = old.creationTimestamp
  if (old.deletionTimestamp) meta.deletionTimestamp = old.deletionTimestamp
  else delete meta.deletionTimestamp
  if (old.deletionGracePeriodSeconds !== undefined) meta.deletionGracePeriodSeconds = old.deletionGracePeriodSeconds
  else delete meta.deletionGracePeriodSeconds
  if (old.generation !== undefined) meta.generation = old.generation
  else delete meta.generation
  delete meta.selfLink
  omitEmptyCollections(meta)
}

/**
 * Empty labels, annotations, finalizers and ownerReferences are not stored:
 * Go's omitempty drops them, so removing the last annotation (a merge patch
 * with `owner: null`) leaves no `annotations: {}` behind.
 */
function omitEmptyCollections(meta: ObjectMeta): void {
  if (meta.labels && Object.keys(meta.labels).length === 0) delete meta.labels
  if (meta.annotations && Object.keys(meta.annotations).length === 0) delete meta.annotations
  if (meta.finalizers?.length === 0) delete meta.finalizers
  if (meta.ownerReferences?.length === 0) delete meta.ownerReferences
}
