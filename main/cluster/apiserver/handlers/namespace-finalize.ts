import type { Namespace } from 'kubernetes-types/core/v1'
import { badRequest, methodNotAllowed } from '../../apimachinery/errors'
import { finalizeNamespace } from '../../registry/namespace-finalize'
import type { SubresourceHandler } from '../api-handler'
import { writeJSON } from '../respond'
import { readObject, setWarnings } from './write'

/**
 * PUT namespaces/<name>/finalize (FinalizeREST): replaces spec.finalizers
 * only, 200 with the namespace. A Terminating namespace left without
 * finalizers is removed, as when the namespace controller finishes.
 */
export const namespaceFinalizeSubresource: SubresourceHandler = {
  group: '',
  resource: 'namespaces',
  subresource: 'finalize',
  kind: { group: '', version: 'v1', kind: 'Namespace' },
  verbs: ['update'],
  async handle(ctx) {
    if (ctx.info.verb !== 'update') throw methodNotAllowed()
    const { obj, warnings } = await readObject(ctx, 'UpdateOptions')
    const name = ctx.info.name!
    const bodyName = obj.metadata.name
    if (bodyName !== name) {
      throw badRequest(`the name of the object (${bodyName ?? ''}) does not match the name on the URL (${name})`)
    }
    const stored = await finalizeNamespace(ctx.rs, obj as unknown as Namespace)
    setWarnings(ctx, warnings)
    writeJSON(ctx.res, 200, stored)
  }
}
