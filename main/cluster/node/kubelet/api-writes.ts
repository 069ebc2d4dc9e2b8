import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { ObjectWithMeta } from '../../client/indexer-keys'
import type { ResourceClient } from '../../client/types'
import { deepCopy } from '../../apimachinery/deep-copy'

/**
 * Status writes that cannot undo anyone else's work: a status write replaces
 * the object's metadata too, so it always starts from a fresh read and goes
 * out compare-and-swap, retrying on conflict as the apiserver's
 * GuaranteedUpdate does.
 */

/**
 * Reads the object, asks `build` for its new status, writes it. `build`
 * returns undefined when there is nothing to write. Resolves with the written
 * object, or undefined when the object is gone or nothing was written.
 */
export async function writeStatus<T extends ObjectWithMeta & { status?: unknown }>(
  rc: ResourceClient<T>,
  namespace: string | undefined,
  name: string,
  build: (current: T) => T['status'] | undefined,
  attempts = 5
): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    let current: T
    try {
      current = await rc.get(namespace, name)
    } catch (e) {
      if (isNotFound(e)) return undefined
      throw e
    }
    const status = build(current)
    if (status === undefined) return undefined
    try {
      // The write pipeline copies what it is given: the shared object needs no copy of its own here.
      return await rc.updateStatus({ ...current, status })
    } catch (e) {
      if (isNotFound(e)) return undefined
      if (isConflict(e) && attempt < attempts) continue
      throw e
    }
  }
}

/** The same for the main resource: `change` edits a fresh copy in place and says whether it changed anything. */
export async function updateObject<T extends ObjectWithMeta>(rc: ResourceClient<T>, namespace: string | undefined, name: string, change: (copy: T) => boolean, attempts = 5): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    let copy: T
    try {
      copy = deepCopy(await rc.get(namespace, name))
    } catch (e) {
      if (isNotFound(e)) return undefined
      throw e
    }
    if (!change(copy)) return undefined
    try {
      return await rc.update(copy)
    } catch (e) {
      if (isNotFound(e)) return undefined
      if (isConflict(e) && attempt < attempts) continue
      throw e
    }
  }
}
