import type { Namespace } from 'kubernetes-types/core/v1'
import { isConflict, isNotFound } from '../../apimachinery/errors'
import type { GroupVersionResource, Mutable } from '../../apimachinery/types'
import type { Clock } from '../../clock/types'
import type { Logger } from '../../client/controller-logger'
import type { Client, ResourceClient } from '../../client/types'
import { problemConditions, updateConditions } from './conditions'
import { deleteAllContent } from './content'

/**
 * namespacedResourcesDeleter.Delete: empties a terminating namespace, keeps
 * its conditions up to date, and removes the `kubernetes` finalizer once
 * nothing is left, upon which the API removes the namespace.
 */

/** The finalizer the namespace controller owns on spec.finalizers. */
export const kubernetesFinalizer = 'kubernetes'

/** Content remains that is expected to go by itself within `estimate` seconds: look again later, it is no failure. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimate: number) {
    super(`some content remains in the namespace, estimate ${estimate} seconds before it is removed`)
  }
}

/** What the deleter needs. */
export interface DeleterContext {
  client: Client
  clock: Clock
  logger: Logger
  /** The namespaced kinds to empty. */
  resources: readonly GroupVersionResource[]
  /** Deletes sent at once. */
  batchSize: number
}

const namespacesGVR = { group: '', version: 'v1', resource: 'namespaces' }

/** Runs one deletion pass over namespace name; rejects with ResourcesRemainingError while content is on its way out. */
export async function deleteNamespaceContent(ctx: DeleterContext, name: string): Promise<void> {
  const namespaces = ctx.client.resource<Namespace>(namespacesGVR)
  let ns: Namespace
  try {
    ns = await namespaces.get(undefined, name)
  } catch (e) {
    if (isNotFound(e)) return
    throw e
  }
  if (!ns.metadata?.deletionTimestamp) return
  try {
    ns = await retryOnConflict(namespaces, ns, (n) => ensureTerminating(namespaces, n))
  } catch (e) {
    if (isNotFound(e)) return
    throw e
  }
  if (!ns.spec?.finalizers?.length) return
  const content = await deleteAllContent(ctx.client, ctx.resources, name, ctx.batchSize)
  // Conditions are written on every pass: a problem that went away must be shown as gone.
  const next: Mutable<Namespace> = structuredClone(ns)
  const status = (next.status ??= {}) as Mutable<NonNullable<Namespace['status']>>
  const stamp = ctx.clock.rfc3339()
  if (updateConditions(status, problemConditions(content, stamp), stamp)) {
    await namespaces.updateStatus(next).catch((e: unknown) => ctx.logger.warn(`namespace-controller: couldn't update status condition for namespace "${name}": ${messageOf(e)}`))
  }
  if (content.errors.length) throw new Error(content.errors.length === 1 ? content.errors[0] : `[${content.errors.join(', ')}]`)
  if (content.estimate > 0) throw new ResourcesRemainingError(content.estimate)
  try {
    await retryOnConflict(namespaces, ns, (n) =>
      ctx.client.finalizeNamespace({ ...structuredClone(n), spec: { ...n.spec, finalizers: (n.spec?.finalizers ?? []).filter((f) => f !== kubernetesFinalizer) } })
    )
  } catch (e) {
    // Finalized and removed by someone else: the job is done.
    if (!isNotFound(e)) throw e
  }
}

/** updateNamespaceStatusFunc: a namespace being deleted must say Terminating. */
async function ensureTerminating(namespaces: ResourceClient<Namespace>, ns: Namespace): Promise<Namespace> {
  if (!ns.metadata?.deletionTimestamp || ns.status?.phase === 'Terminating') return ns
  const next: Mutable<Namespace> = structuredClone(ns)
  next.status = { ...next.status, phase: 'Terminating' }
  return namespaces.updateStatus(next)
}

/** retryOnConflictError: on 409 re-reads the namespace (same uid) and tries again. */
async function retryOnConflict(namespaces: ResourceClient<Namespace>, ns: Namespace, fn: (ns: Namespace) => Promise<Namespace>): Promise<Namespace> {
  let latest = ns
  for (;;) {
    try {
      return await fn(latest)
    } catch (e) {
      if (!isConflict(e)) throw e
      const previous = latest
      latest = await namespaces.get(undefined, previous.metadata?.name ?? '')
      if (latest.metadata?.uid !== previous.metadata?.uid) throw new Error('namespace uid has changed across retries', { cause: e })
    }
  }
}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}
