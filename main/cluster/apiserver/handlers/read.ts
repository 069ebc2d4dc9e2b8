import { writeJSON } from '../respond'
import { tableContentType, tableVersion, wantsTable, type IncludeObject } from '../table/convert'
import { intParam, type RequestContext } from './context'

/** GET of one object: JSON, or a one-row Table when asked. */
export function handleGet(ctx: RequestContext): void {
  const obj = ctx.rs.get(ctx.info.namespace, ctx.info.name!, ctx.version)
  const accept = ctx.req.headers.accept
  if (wantsTable(accept)) {
    const table = ctx.tables.table(ctx.rs.def, [obj], {
      resourceVersion: obj.metadata.resourceVersion,
      includeObject: includeObjectOf(ctx.query),
      tableApiVersion: tableVersion(accept)
    })
    writeJSON(ctx.res, 200, table, tableContentType)
    return
  }
  writeJSON(ctx.res, 200, obj)
}

/** GET of a collection, with selectors and paging: a List, or a Table when asked. */
export function handleList(ctx: RequestContext): void {
  const list = ctx.rs.list(
    ctx.info.namespace,
    {
      labelSelector: ctx.query.get('labelSelector') ?? undefined,
      fieldSelector: ctx.query.get('fieldSelector') ?? undefined,
      limit: intParam(ctx.query, 'limit'),
      continue: ctx.query.get('continue') ?? undefined
    },
    ctx.version
  )
  const accept = ctx.req.headers.accept
  if (wantsTable(accept)) {
    const table = ctx.tables.table(ctx.rs.def, list.items, {
      resourceVersion: list.metadata.resourceVersion,
      continue: list.metadata.continue,
      remainingItemCount: list.metadata.remainingItemCount,
      includeObject: includeObjectOf(ctx.query),
      tableApiVersion: tableVersion(accept)
    })
    writeJSON(ctx.res, 200, table, tableContentType)
    return
  }
  writeJSON(ctx.res, 200, list)
}

/** includeObject query parameter of Table requests; kubectl sends Metadata. */
export function includeObjectOf(query: URLSearchParams): IncludeObject {
  const v = query.get('includeObject')
  return v === 'None' || v === 'Object' ? v : 'Metadata'
}
