import { badRequest } from '../apimachinery/errors'

/**
 * What a request asks for, parsed from its method and path the way the
 * apiserver's RequestInfoFactory does: the API group and version, the
 * resource, namespace, name and subresource, and the verb.
 */

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection'

export interface ResourceRequest {
  kind: 'resource'
  verb: Verb
  group: string
  version: string
  resource: string
  namespace?: string
  name?: string
  subresource?: string
}

export type RequestInfo =
  | ResourceRequest
  /** `/api`, `/apis`, `/apis/<group>`, `/api/v1`, `/apis/<group>/<version>`. */
  | { kind: 'discovery'; path: 'api' | 'apis' | 'group' | 'groupVersion'; group?: string; version?: string }
  | { kind: 'nonResource'; path: string }

/** Parses method, path and query into a RequestInfo. */
export function parseRequestInfo(method: string, pathname: string, query: URLSearchParams): RequestInfo {
  const parts = pathname.split('/').filter((p) => p.length > 0).map(decodeSegment)
  if (parts[0] !== 'api' && parts[0] !== 'apis') return { kind: 'nonResource', path: pathname }
  let rest: string[]
  let group = ''
  let version: string
  if (parts[0] === 'api') {
    if (parts.length === 1) return { kind: 'discovery', path: 'api' }
    version = parts[1]
    if (parts.length === 2) return { kind: 'discovery', path: 'groupVersion', group: '', version }
    rest = parts.slice(2)
  } else {
    if (parts.length === 1) return { kind: 'discovery', path: 'apis' }
    group = parts[1]
    if (parts.length === 2) return { kind: 'discovery', path: 'group', group }
    version = parts[2]
    if (parts.length === 3) return { kind: 'discovery', path: 'groupVersion', group, version }
    rest = parts.slice(3)
  }

  // The deprecated /watch/ prefix means watch=true.
  let watchPrefix = false
  if (rest[0] === 'watch') {
    watchPrefix = true
    rest = rest.slice(1)
  }

  let namespace: string | undefined
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    // /namespaces/<ns>/<resource>... ; but /namespaces/<name>/status|finalize is the namespace's own subresource.
    if (rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize')) {
      return withVerb(method, query, watchPrefix, { group, version, resource: 'namespaces', name: rest[1], subresource: rest[2] })
    }
    namespace = rest[1]
    rest = rest.slice(2)
  }
  const [resource, name, subresource, ...more] = rest
  // Only a proxy's path goes on after the subresource (pods/<name>/proxy/<path>), as the connect handler's subpath.
  if (!resource || (more.length > 0 && subresource !== 'proxy')) return { kind: 'nonResource', path: pathname }
  return withVerb(method, query, watchPrefix, { group, version, resource, namespace, name, subresource })
}

function withVerb(
  method: string,
  query: URLSearchParams,
  watchPrefix: boolean,
  target: Omit<ResourceRequest, 'kind' | 'verb'>
): ResourceRequest {
  const hasName = target.name !== undefined
  const watch = watchPrefix || isTrue(query.get('watch'))
  let verb: Verb
  switch (method) {
    case 'POST':
      verb = 'create'
      break
    case 'PUT':
      verb = 'update'
      break
    case 'PATCH':
      verb = 'patch'
      break
    case 'DELETE':
      verb = hasName ? 'delete' : 'deletecollection'
      break
    default:
      verb = watch ? 'watch' : hasName ? 'get' : 'list'
  }
  return { kind: 'resource', verb, ...target }
}

/** A path segment with its %-escapes decoded; a malformed escape is the client's error (400), not ours. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    throw badRequest(`invalid URL escape in path segment ${JSON.stringify(segment.length > 100 ? segment.slice(0, 100) + '...' : segment)}`)
  }
}

/** Query booleans as Go's strconv.ParseBool reads them. */
export function isTrue(v: string | null): boolean {
  return v === 'true' || v === '1' || v === 't' || v === 'T' || v === 'TRUE' || v === 'True'
}
