import { badRequest, notFoundPath } from '../../apimachinery/errors'
import type { KubeObject } from '../../apimachinery/types'
import { labelSelectorFromObject } from '../../apimachinery/label-selector'
import type { ScaleSubresource } from '../../registry/types'
import { writeJSON } from '../respond'
import { dryRunOf, type RequestContext } from './context'
import { managerOf } from '../../registry/managed-fields/manager-name'
import { readObject, setWarnings } from './write'

/** Reads a value at a simple JSON path such as `.spec.replicas`. */
function at(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const part of path.split('.').filter(Boolean)) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[part]
  }
  return cur
}

/** Sets a value at a simple JSON path, creating objects on the way. */
function setAt(obj: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.').filter(Boolean)
  let cur = obj
  for (const part of parts.slice(0, -1)) {
    if (cur[part] === null || typeof cur[part] !== 'object') cur[part] = {}
    cur = cur[part] as Record<string, unknown>
  }
  cur[parts[parts.length - 1]] = value
}

function scaleSpec(ctx: RequestContext): ScaleSubresource {
  const scale = ctx.rs.def.scale
  if (!scale) throw notFoundPath()
  return scale
}

/** The autoscaling/v1 Scale view of an object. */
export function toScale(obj: KubeObject, scale: ScaleSubresource): KubeObject {
  const selector = at(obj, '.spec.selector')
  let selectorText = ''
  if (selector && typeof selector === 'object') {
    // apps kinds hold a LabelSelector; ReplicationController a plain map.
    const sel = 'matchLabels' in selector || 'matchExpressions' in selector ? selector : { matchLabels: selector as Record<string, string> }
    selectorText = labelSelectorFromObject(sel as never).toString()
  }
  const m = obj.metadata
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: (at(obj, scale.specReplicasPath) as number | undefined) ?? 0 },
    status: { replicas: (at(obj, scale.statusReplicasPath) as number | undefined) ?? 0, ...(selectorText ? { selector: selectorText } : {}) }
  }
}

/** GET …/scale. */
export function handleGetScale(ctx: RequestContext): void {
  const scale = scaleSpec(ctx)
  writeJSON(ctx.res, 200, toScale(ctx.rs.get(ctx.info.namespace, ctx.info.name!), scale))
}

/** Writes spec.replicas from a Scale; its resourceVersion, when set, is a precondition. */
export async function applyScale(ctx: RequestContext, replicas: unknown, resourceVersion: string | undefined): Promise<KubeObject> {
  const scale = scaleSpec(ctx)
  if (typeof replicas !== 'number' || !Number.isInteger(replicas)) throw badRequest('spec.replicas must be an integer')
  const current = structuredClone(ctx.rs.get(ctx.info.namespace, ctx.info.name!)) as KubeObject
  setAt(current, scale.specReplicasPath, replicas)
  if (resourceVersion) current.metadata.resourceVersion = resourceVersion
  const fieldManager = managerOf(ctx.query.get('fieldManager'), ctx.req.headers['user-agent'], ctx.req.method === 'PUT' ? 'UpdateOptions' : 'PatchOptions')
  const updated = await ctx.rs.update(ctx.info.namespace, current, { dryRun: dryRunOf(ctx.query), fieldManager, subresource: 'scale' })
  return toScale(updated, scale)
}

/** PUT …/scale (kubectl scale --current-replicas sends a whole Scale, sometimes without Content-Type). */
export async function handleUpdateScale(ctx: RequestContext): Promise<void> {
  const { obj: body, warnings } = await readObject(ctx, 'UpdateOptions')
  const spec = body.spec as { replicas?: unknown } | undefined
  const scale = await applyScale(ctx, spec?.replicas, body.metadata.resourceVersion)
  setWarnings(ctx, warnings)
  writeJSON(ctx.res, 200, scale)
}
