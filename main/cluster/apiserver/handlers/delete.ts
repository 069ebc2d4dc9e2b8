import { badRequest } from '../../apimachinery/errors'
import type { DeleteOptions } from '../../client/types'
import { decodeBody, readBody, requireObject } from '../body'
import { successStatus, writeJSON } from '../respond'
import { dryRunOf, intParam, type RequestContext } from './context'

/** DeleteOptions from the body (kubectl sends JSON) and the query. */
async function deleteOptions(ctx: RequestContext): Promise<DeleteOptions> {
  const body = await readBody(ctx.req)
  const raw = body.length ? requireObject(decodeBody(body, ctx.req.headers['content-type'])) : {}
  const options: DeleteOptions = {}
  const grace = intParam(ctx.query, 'gracePeriodSeconds') ?? (raw.gracePeriodSeconds as number | undefined)
  if (grace !== undefined) {
    if (!Number.isInteger(grace) || grace < 0) throw badRequest('gracePeriodSeconds must be a non-negative integer')
    options.gracePeriodSeconds = grace
  }
  let policy = ctx.query.get('propagationPolicy') ?? (raw.propagationPolicy as string | undefined)
  if (policy === undefined && raw.orphanDependents !== undefined) policy = raw.orphanDependents ? 'Orphan' : 'Background'
  if (policy === undefined && ctx.query.get('orphanDependents') !== null) policy = ctx.query.get('orphanDependents') === 'true' ? 'Orphan' : 'Background'
  if (policy !== undefined) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan", "nil"`)
    }
    options.propagationPolicy = policy
  }
  if (raw.preconditions && typeof raw.preconditions === 'object') options.preconditions = raw.preconditions as DeleteOptions['preconditions']
  const dry = dryRunOf(ctx.query) ?? (Array.isArray(raw.dryRun) && raw.dryRun.includes('All') ? 'All' : undefined)
  if (dry) options.dryRun = dry
  return options
}

/**
 * Kinds whose DELETE answers with the deleted object (their registries set
 * ReturnDeletedObject); every other kind answers with a Success Status.
 */
const returnsDeletedObject = new Set(['/pods', '/services', '/persistentvolumes', '/persistentvolumeclaims', '/serviceaccounts', 'storage.k8s.io/storageclasses'])

/** DELETE of one object: 200 once gone, 202 with the object while its deletion is pending. */
export async function handleDelete(ctx: RequestContext): Promise<void> {
  const options = await deleteOptions(ctx)
  const result = await ctx.rs.delete(ctx.info.namespace, ctx.info.name!, options, ctx.version)
  if (result.metadata.deletionTimestamp && stillStored(ctx)) return writeJSON(ctx.res, 202, result)
  const def = ctx.rs.def
  if (returnsDeletedObject.has(`${def.group}/${def.plural}`)) return writeJSON(ctx.res, 200, result)
  writeJSON(ctx.res, 200, successStatus({ name: result.metadata.name, group: def.group || undefined, kind: def.plural, uid: result.metadata.uid }))
}

function stillStored(ctx: RequestContext): boolean {
  try {
    ctx.rs.get(ctx.info.namespace, ctx.info.name!)
    return true
  } catch {
    return false
  }
}

/** DELETE of a collection: deletes what the selectors match and returns them as a list. */
export async function handleDeleteCollection(ctx: RequestContext): Promise<void> {
  const options = await deleteOptions(ctx)
  const list = ctx.rs.list(
    ctx.info.namespace,
    { labelSelector: ctx.query.get('labelSelector') ?? undefined, fieldSelector: ctx.query.get('fieldSelector') ?? undefined },
    ctx.version
  )
  const deleted = []
  for (const item of list.items) {
    try {
      deleted.push(await ctx.rs.delete(item.metadata.namespace, item.metadata.name!, options, ctx.version))
    } catch {
      // Gone meanwhile: deleting a collection is best effort per item, as in the apiserver.
    }
  }
  writeJSON(ctx.res, 200, { ...list, items: deleted })
}
