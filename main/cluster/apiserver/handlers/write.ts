import { badRequest } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { decodeBody, readBody, requireObject } from '../body'
import { writeJSON } from '../respond'
import { dryRunOf, type RequestContext } from './context'

/** Reads and decodes a request body into an object. */
export async function readObject(ctx: RequestContext): Promise<KubeObject> {
  const body = await readBody(ctx.req)
  if (body.length === 0) throw badRequest('Object cannot be decoded: the body is empty')
  const obj = requireObject(decodeBody(body, ctx.req.headers['content-type'])) as KubeObject
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {}
  if (typeof obj.metadata !== 'object' || Array.isArray(obj.metadata)) throw badRequest('metadata must be an object')
  return obj
}

/** POST to a collection: 201 with the created object. */
export async function handleCreate(ctx: RequestContext): Promise<void> {
  const obj = await readObject(ctx)
  const created = await ctx.rs.create(
    ctx.info.namespace,
    obj,
    { dryRun: dryRunOf(ctx.query), fieldManager: ctx.query.get('fieldManager') ?? undefined },
    ctx.version
  )
  writeJSON(ctx.res, 201, created)
}

/** PUT of an object or its status: 200 with the stored object. */
export async function handleUpdate(ctx: RequestContext): Promise<void> {
  const obj = await readObject(ctx)
  const name = ctx.info.name!
  if (obj.metadata.name && obj.metadata.name !== name) {
    throw badRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`)
  }
  obj.metadata.name = name
  const updated = await ctx.rs.update(
    ctx.info.namespace,
    obj,
    {
      dryRun: dryRunOf(ctx.query),
      fieldManager: ctx.query.get('fieldManager') ?? undefined,
      subresource: ctx.info.subresource === 'status' ? 'status' : undefined
    },
    ctx.version
  )
  writeJSON(ctx.res, 200, updated)
}
