import type { ExtraSubresource } from '../discovery'
import { type OperationContext, type PathItem, operation, responses, ok } from './operations'
import type { Parameter } from './parameters'
import type { PathsSource } from './paths'

/**
 * The two paths of a proxy subresource (pods/proxy, services/proxy), as the
 * endpoint installer declares a connecter with a subpath: `.../proxy` and
 * `.../proxy/{path}`, each a `connect` action for every method the proxy
 * passes on; the answer is whatever the backend sends.
 */

const methods = ['delete', 'get', 'head', 'options', 'patch', 'post', 'put'] as const

const pathQuery = (kind: string): Parameter => ({
  name: 'path',
  in: 'query',
  description: `Path is the URL path to use for the current proxy request to ${kind === 'Pod' ? 'pod' : kind === 'Service' ? 'service' : 'node'}.`,
  schema: { type: 'string', uniqueItems: true }
})

const pathParameter: Parameter = { name: 'path', in: 'path', description: 'path to the resource', required: true, schema: { type: 'string', uniqueItems: true } }

const byName = (a: Parameter, b: Parameter): number => a.name.localeCompare(b.name) || (a.in === 'path' ? -1 : 1)

/** `<base>/{name}/proxy` and `<base>/{name}/proxy/{path}` with their operations. */
export function proxyPaths(ctx: OperationContext, def: Pick<PathsSource, 'kind' | 'namespaced'>, x: ExtraSubresource, objectParams: Parameter[], base: string): Record<string, PathItem> {
  const answer = responses([ok], ['*/*'], { type: 'string' })
  const item = (withPath: boolean): PathItem => {
    const out: PathItem = { parameters: [...objectParams, ...(withPath ? [pathParameter] : []), pathQuery(def.kind)].sort(byName) }
    for (const m of methods) {
      const method = m.charAt(0).toUpperCase() + m.slice(1)
      // `connectCoreV1GetNamespacedPodProxyWithPath`: the method follows the group-version.
      const id = `connect${ctx.id}${method}${def.namespaced ? 'Namespaced' : ''}${def.kind}Proxy${withPath ? 'WithPath' : ''}`
      out[m] = operation(ctx, id, 'connect', `connect ${m.toUpperCase()} requests to proxy of ${def.kind}`, x.kind, { responses: answer })
    }
    return out
  }
  return { [`${base}/{name}/proxy`]: item(false), [`${base}/{name}/proxy/{path}`]: item(true) }
}
