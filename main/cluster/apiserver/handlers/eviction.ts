import type { Eviction } from 'kubernetes-types/policy/v1'
import { badRequest, methodNotAllowed, notFoundPath } from '../../apimachinery/errors'
import type { DeleteOptions } from '../../client/types'
import { evictPod } from '../../registry/pod-eviction'
import type { SubresourceHandler } from '../api-handler'
import { writeJSON } from '../respond'
import { dryRunOf } from './context'
import { readObject, setWarnings } from './write'

/**
 * POST pods/<name>/eviction with a policy/v1 Eviction (what `kubectl drain`
 * sends): 201 with a Success Status once the pod is being deleted, 429 when
 * its PodDisruptionBudget allows no disruption now.
 */
export const evictionSubresource: SubresourceHandler = {
  group: '',
  resource: 'pods',
  subresource: 'eviction',
  kind: { group: 'policy', version: 'v1', kind: 'Eviction' },
  verbs: ['create'],
  async handle(ctx) {
    if (ctx.info.verb !== 'create') throw methodNotAllowed()
    const pdbs = ctx.resources.forResource('policy', 'poddisruptionbudgets')
    if (!pdbs) throw notFoundPath()
    const { obj, warnings } = await readObject(ctx)
    const eviction = obj as unknown as Eviction
    const options = deleteOptionsOf(eviction)
    // propagateDryRun: the request's dryRun applies to the delete too.
    if (dryRunOf(ctx.query)) options.dryRun = 'All'
    const result = await evictPod({ pods: ctx.rs, pdbs, clock: ctx.clock }, ctx.info.namespace ?? 'default', ctx.info.name!, eviction, options)
    setWarnings(ctx, warnings)
    writeJSON(ctx.res, result.code, result)
  }
}

/** The Eviction's deleteOptions, shape-checked (the body is JSON the client chose). */
function deleteOptionsOf(eviction: Eviction): DeleteOptions {
  const raw = (eviction.deleteOptions ?? {}) as Record<string, unknown>
  if (typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('deleteOptions must be an object')
  const out: DeleteOptions = {}
  const grace = raw.gracePeriodSeconds
  if (grace !== undefined && grace !== null) {
    if (typeof grace !== 'number' || !Number.isInteger(grace)) throw badRequest('gracePeriodSeconds must be an integer')
    out.gracePeriodSeconds = Math.max(0, grace)
  }
  const policy = raw.propagationPolicy
  if (policy !== undefined && policy !== null) {
    if (policy !== 'Background' && policy !== 'Foreground' && policy !== 'Orphan') {
      throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${String(policy)}": supported values: "Foreground", "Background", "Orphan", "nil"`)
    }
    out.propagationPolicy = policy
  }
  const pre = raw.preconditions as Record<string, unknown> | undefined | null
  if (pre && typeof pre === 'object') {
    const { uid, resourceVersion } = pre
    if ((uid !== undefined && uid !== null && typeof uid !== 'string') || (resourceVersion !== undefined && resourceVersion !== null && typeof resourceVersion !== 'string')) {
      throw badRequest('preconditions must hold strings')
    }
    out.preconditions = { uid: uid ?? undefined, resourceVersion: resourceVersion ?? undefined }
  }
  if (Array.isArray(raw.dryRun) && raw.dryRun.includes('All')) out.dryRun = 'All'
  return out
}
