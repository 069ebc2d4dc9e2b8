import type { Binding } from 'kubernetes-types/core/v1'
import { methodNotAllowed } from '../../apimachinery/errors'
import { bindPod } from '../../registry/pod-binding'
import type { SubresourceHandler } from '../api-handler'
import { writeJSON, successStatus } from '../respond'
import { readObject } from './write'

/** POST pods/<name>/binding: 201 with a Success Status, as the apiserver answers. */
export const bindingSubresource: SubresourceHandler = {
  group: '',
  resource: 'pods',
  subresource: 'binding',
  kind: { group: '', version: 'v1', kind: 'Binding' },
  verbs: ['create'],
  async handle(ctx) {
    if (ctx.info.verb !== 'create') throw methodNotAllowed()
    const binding = (await readObject(ctx)).obj as unknown as Binding
    await bindPod(ctx.rs, ctx.clock, ctx.info.namespace ?? 'default', ctx.info.name!, binding)
    writeJSON(ctx.res, 201, successStatus())
  }
}
